package dev.weft.server.plane;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.CommandRegistry;
import dev.weft.control.Commands;
import dev.weft.control.ControlSecret;
import dev.weft.control.Monitor;
import dev.weft.control.ProcessIdentity;
import dev.weft.control.PrometheusText;
import dev.weft.control.RedisControlServer;
import dev.weft.net.NetStats;
import dev.weft.server.ChildCommands;
import dev.weft.server.Worker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;

/**
 * The control plane in a worker process: the {@code co} commands of weft-control answered over the
 * master's control channel (and over Redis when configured), the sampling monitor, and the
 * process's metrics for the master's Prometheus endpoint.
 */
public final class ChildControl {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.plane");

    private ChildControl() {
    }

    /** Installs the commands, metrics, monitor and Redis subscriber for {@code worker} in this child. */
    public static void install(Worker worker, ControlConfig config) {
        CommandRegistry commands = Commands.standard(ProcessIdentity.current(worker.name(), worker.id()));
        ChildCommands.register("co", args -> commands.handle(args.path("cmd").asText(""), args.path("args")));
        PrometheusMeterRegistry registry = metricsRegistry();
        ChildCommands.register("metrics", args -> PrometheusText.scrape(registry));
        if (worker.monitor() != null) {
            new Monitor(worker.monitor()).start();
        }
        if (config.redis() != null) {
            startRedis(config, commands);
        }
    }

    private static void startRedis(ControlConfig config, CommandRegistry commands) {
        try {
            new RedisControlServer(URI.create(config.redis()), config.app(), commands, ControlSecret.fromEnvironment()).start();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Redis control transport not started: " + e.getMessage());
        }
    }

    private static PrometheusMeterRegistry metricsRegistry() {
        PrometheusMeterRegistry registry = PrometheusText.newRegistry();
        Gauge.builder("weft_connections", NetStats::connectionCount).description("open connections").register(registry);
        FunctionCounter.builder("weft_requests", null, x -> NetStats.totalRequest()).description("messages received").register(registry);
        FunctionCounter.builder("weft_send_fail", null, x -> NetStats.sendFail()).description("sends dropped on a full buffer").register(registry);
        FunctionCounter.builder("weft_throw_exception", null, x -> NetStats.throwException()).description("callbacks that threw").register(registry);
        return registry;
    }
}
