package dev.weft.server.internal.control;

import dev.weft.control.CommandRegistry;
import dev.weft.control.Commands;
import dev.weft.control.ControlSecret;
import dev.weft.control.LinkCommand;
import dev.weft.control.Monitor;
import dev.weft.control.MonitorSettings;
import dev.weft.control.ProcessIdentity;
import dev.weft.control.PrometheusText;
import dev.weft.control.RedisControlServer;
import dev.weft.server.Worker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;

/**
 * The control plane in a worker process: the {@code co} commands of weft-control answered over the
 * master's control channel (and over Redis when configured), the sampling monitor, and the
 * process's metrics for the master's Prometheus endpoint.
 */
public final class ChildControl {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.control");

    private ChildControl() {}

    /**
     * Installs weft-control's commands and {@code metrics} into {@code commands}, the process's one registry
     * (which the master's link and Redis both answer from), and starts the monitor and the Redis subscriber
     * for {@code worker} in this child.
     */
    public static void install(Worker worker, ControlConfig config, CommandRegistry commands) {
        Commands.addTo(commands.identify(ProcessIdentity.current(worker.name(), worker.id())));
        PrometheusMeterRegistry registry = metricsRegistry();
        commands.register(LinkCommand.of("metrics", args -> PrometheusText.scrape(registry)));
        Monitor.Config monitor = worker.monitor() != null ? worker.monitor() : monitorFromEnvironment();
        if (monitor != null) {
            new Monitor(monitor).start();
        }
        if (config.redis() != null) {
            startRedis(config, commands);
        }
    }

    /**
     * A standby's warm-up: builds and throws away what {@link #install} builds (the process identity, the
     * command registry, a metrics registry and one scrape), so the classes and the host name are loaded
     * before the standby takes a slot, when {@code install} runs for real.
     */
    public static void warmUp(Worker worker) {
        Commands.standard(ProcessIdentity.current(worker.name(), -1));
        PrometheusText.scrape(metricsRegistry());
    }

    /** The monitor that {@code start --monitor ...} or the WEFT_MONITOR_* variables ask for, or null. */
    private static Monitor.Config monitorFromEnvironment() {
        try {
            return MonitorSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "monitor not started: " + e.getMessage());
            return null;
        }
    }

    private static void startRedis(ControlConfig config, CommandRegistry commands) {
        try {
            new RedisControlServer(URI.create(config.redis()), config.app(), commands, ControlSecret.fromEnvironment())
                    .start();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Redis control transport not started: " + e.getMessage());
        }
    }

    private static PrometheusMeterRegistry metricsRegistry() {
        PrometheusMeterRegistry registry = PrometheusText.newRegistry();
        // newRegistry() has bound CoroutineMetrics already; binding again only logs a Micrometer warning.
        new NetMeters().bindTo(registry);
        return registry;
    }
}
