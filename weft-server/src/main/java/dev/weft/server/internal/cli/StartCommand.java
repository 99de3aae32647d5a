package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import dev.weft.server.internal.master.Master;
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

    StartCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() {
        if (metrics != null) {
            System.setProperty("weft.metrics", metrics);
        }
        return start(this, settings, daemon);
    }

    static int start(BaseCommand cmd, Settings settings, boolean daemon) {
        OptionalLong pid = MasterProbe.livePid(settings, cmd.err());
        if (pid.isPresent()) {
            cmd.err().println(cmd.app() + " already running (master pid " + pid.getAsLong() + ")");
            cmd.err().flush();
            return ExitCodes.ALREADY_RUNNING;
        }
        if (daemon) return new Daemonizer(settings, cmd.out(), cmd.err()).start();
        cmd.out().println(cmd.app() + " starting in the foreground; press Ctrl+C to stop.");
        cmd.out().flush();
        return new Master(settings, Duration.ofSeconds(10)).run();
    }
}
