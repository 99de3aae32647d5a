package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.server.Settings;
import dev.weft.server.internal.ipc.JsonLineChannel;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reload [-g] [--wait]}: asks for a rolling reload and prints what the master did with the request:
 * started, queued (while the master starts or another reload runs; queued requests are coalesced, never
 * dropped) or refused (while it stops; exit 1). With {@code --wait} it returns once the reload has ended and
 * every old process has exited: exit 0, or 1 if a replacement failed.
 */
@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        description = {
            "Rolling reload: replace reloadable workers' processes one at a time, each new process first.",
            "Exit 0 when the reload started or was queued, 1 when refused; with --wait, 0 once every old",
            "process has exited, 1 if a replacement failed."
        })
final class ReloadCommand extends BaseCommand {
    @Option(
            names = {"-g", "--graceful"},
            description = "Old processes finish in-flight connections first.")
    boolean graceful;

    @Option(
            names = {"-w", "--wait"},
            description = "Return once the reload has ended and every old process has exited.")
    boolean await;

    ReloadCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() throws IOException {
        if (requireRunning().isEmpty()) return ExitCodes.NOT_RUNNING;
        String mode = graceful ? " (graceful)" : "";
        try (JsonLineChannel ch = ControlClient.open(settings)) {
            ch.send(Json.object().put("cmd", "reload").put("graceful", graceful).put("wait", await));
            JsonNode answer = ch.receive();
            if (answer == null) throw new IOException("the master closed the control connection");
            if (!answer.path("ok").asBoolean()) {
                err().println(app() + " reload" + mode + " "
                        + answer.path("error").asText("refused"));
                err().flush();
                return ExitCodes.ERROR;
            }
            out().println(app() + " reload" + mode + " "
                    + answer.path("reply").path("reload").asText());
            out().flush();
            if (!await) return ExitCodes.OK;
            JsonNode done = ch.receive();
            if (done == null) {
                err().println(app() + " the master exited before the reload ended");
                err().flush();
                return ExitCodes.ERROR;
            }
            boolean ok = done.path("ok").asBoolean();
            (ok ? out() : err()).println(app() + " " + done.path("message").asText());
            (ok ? out() : err()).flush();
            return ok ? ExitCodes.OK : ExitCodes.ERROR;
        }
    }
}
