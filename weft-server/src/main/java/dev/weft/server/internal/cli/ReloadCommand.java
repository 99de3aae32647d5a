package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import dev.weft.server.internal.ipc.Json;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reload [-g]}: starts a rolling reload and returns (like {@code kill -USR1}). */
@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        description = "Rolling reload: replace reloadable workers' processes one at a time.")
final class ReloadCommand extends BaseCommand {
    @Option(
            names = {"-g", "--graceful"},
            description = "Old processes finish in-flight connections first.")
    boolean graceful;

    ReloadCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() throws IOException {
        if (requireRunning().isEmpty()) return ExitCodes.NOT_RUNNING;
        ControlClient.call(settings, "reload", Json.object().put("graceful", graceful));
        out().println(app() + " reload" + (graceful ? " (graceful)" : "") + " started");
        out().flush();
        return ExitCodes.OK;
    }
}
