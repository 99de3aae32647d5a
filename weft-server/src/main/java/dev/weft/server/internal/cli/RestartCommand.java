package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code restart [-d] [-g]}: stop (if running), then start. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop (if running), then start.")
final class RestartCommand extends BaseCommand {
    @Option(
            names = {"-d", "--daemon"},
            description = "Start as a daemon.")
    boolean daemon;

    @Option(
            names = {"-g", "--graceful"},
            description = "Stop gracefully.")
    boolean graceful;

    RestartCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() {
        if (MasterProbe.livePid(settings, err()).isPresent()) {
            int rc = StopCommand.stop(this, settings, graceful);
            if (rc != ExitCodes.OK) return rc;
        }
        return StartCommand.start(this, settings, daemon);
    }
}
