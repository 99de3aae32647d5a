package dev.weft.server.internal.cli;

import dev.weft.control.MonitorSettings;
import dev.weft.server.Settings;
import dev.weft.server.internal.child.ChildEnv;
import dev.weft.server.internal.dashboard.DashboardConfig;
import dev.weft.server.internal.master.Master;
import dev.weft.server.internal.topic.TopicConfig;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code start [-d]}: runs the master here, or as a daemon (then returns once every child is ready). */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Start the master and its workers (in the foreground unless -d).")
final class StartCommand extends BaseCommand {
    @Option(
            names = {"-d", "--daemon"},
            description = "Detach; return once the master and every child are ready.")
    boolean daemon;

    @Option(
            names = "--metrics",
            paramLabel = "HOST:PORT",
            description =
                    "Serve merged Prometheus metrics of all processes on this local address (e.g. 127.0.0.1:9464).")
    String metrics;

    @Option(
            names = "--health",
            paramLabel = "HOST:PORT",
            description = "Answer /healthz (master alive) and /readyz (every slot has a ready process) as JSON"
                    + " on this local address; they are also on the --metrics address.")
    String health;

    @Option(
            names = "--dashboard",
            paramLabel = "HOST:PORT",
            arity = "0..1",
            fallbackValue = DashboardConfig.DEFAULT_ADDRESS,
            description = "Serve the web dashboard (processes, coroutines, cancel and kill, reload and stop) on this"
                    + " address (default when given alone: " + DashboardConfig.DEFAULT_ADDRESS + "). Off by default."
                    + " The token is in <run dir>/<app>.dashboard.token and printed at start;"
                    + " WEFT_DASHBOARD_TOKEN sets it instead.")
    String dashboard;

    @Option(
            names = "--topics-redis",
            paramLabel = "URL",
            description = "Share topics with the masters of this app on other machines through this Redis "
                    + "(redis://host:6379; env WEFT_TOPICS_REDIS).")
    String topicsRedis;

    @Option(
            names = "--monitor",
            paramLabel = "DURATION",
            description = "Sample every worker's coroutines at this interval (e.g. 1s) and log the oldest.")
    String monitor;

    @Option(
            names = "--monitor-kill-older-than",
            paramLabel = "DURATION",
            description = "With --monitor: kill user coroutines whose current wait is older than this.")
    String monitorKillOlderThan;

    @Option(
            names = "--monitor-match",
            paramLabel = "REGEX",
            description = "With --monitor-kill-older-than: only waits whose event matches.")
    String monitorMatch;

    @Option(
            names = "--monitor-include-idle",
            description = "With --monitor-kill-older-than: kill idle waits (kept-alive clients) too.")
    boolean monitorIncludeIdle;

    StartCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() {
        if (metrics != null) {
            System.setProperty("weft.metrics", metrics);
        }
        if (health != null) {
            System.setProperty("weft.health", health);
        }
        if (dashboard != null) {
            try {
                DashboardConfig.socketAddress(dashboard);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--dashboard: " + e.getMessage());
            }
            System.setProperty(DashboardConfig.PROPERTY, dashboard);
        }
        if (topicsRedis != null) {
            checkRedisUrl(topicsRedis);
            System.setProperty(TopicConfig.REDIS_PROPERTY, topicsRedis);
        }
        monitorEnvironment();
        return start(this, settings, daemon);
    }

    private void checkRedisUrl(String url) {
        try {
            java.net.URI u = new java.net.URI(url);
            if (("redis".equals(u.getScheme()) || "rediss".equals(u.getScheme())) && u.getHost() != null) return;
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "--topics-redis needs a URL like redis://127.0.0.1:6379, not '" + url + "'");
    }

    /** Passes the --monitor options to the workers as WEFT_MONITOR_* variables, checked here first. */
    private void monitorEnvironment() {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        if (monitor != null) env.put(MonitorSettings.INTERVAL, monitor);
        if (monitorKillOlderThan != null) env.put(MonitorSettings.KILL_OLDER_THAN, monitorKillOlderThan);
        if (monitorMatch != null) env.put(MonitorSettings.MATCH, monitorMatch);
        if (monitorIncludeIdle) env.put(MonitorSettings.INCLUDE_IDLE, "true");
        if (env.isEmpty()) return;
        if (monitor == null) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "the --monitor-* options need --monitor DURATION");
        }
        try {
            MonitorSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "bad monitor option: " + e.getMessage());
        }
        env.forEach(ChildEnv::set);
    }

    static int start(BaseCommand cmd, Settings settings, boolean daemon) {
        if (Master.upgradeRequested()) {
            // Started by `upgrade` with the old master's arguments (-d included): take over, here.
            cmd.out().println(cmd.app() + " master " + ProcessHandle.current().pid() + " taking over (upgrade).");
            cmd.out().flush();
            return new Master(settings, Duration.ofSeconds(10)).run();
        }
        OptionalLong pid = MasterProbe.livePid(settings, cmd.err());
        if (pid.isPresent()) {
            cmd.err().println(cmd.app() + " already running (master pid " + pid.getAsLong() + ")");
            cmd.err().flush();
            return ExitCodes.ALREADY_RUNNING;
        }
        if (Daemonizer.isDaemonMaster()) {
            // The process start -d spawned: its output goes to the stdout file, the launching CLI waits.
            cmd.out().println(cmd.app() + " master " + ProcessHandle.current().pid() + " starting as a daemon.");
        } else if (daemon) {
            return new Daemonizer(settings, cmd.out(), cmd.err()).start();
        } else {
            cmd.out().println(cmd.app() + " starting in the foreground; press Ctrl+C to stop.");
        }
        cmd.out().flush();
        return new Master(settings, Duration.ofSeconds(10)).run();
    }
}
