package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.server.Settings;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code scale WORKER N}: sets the number of processes of one Worker. New processes start at once; when
 * scaling down, the highest slots retire gracefully. The count lasts until the next scale, or until a reload
 * brings code with another {@code count(n)}.
 */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = "Set the number of processes of a Worker (scaling down retires the highest slots gracefully).")
final class ScaleCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "WORKER", description = "The Worker's name.")
    String worker;

    @Parameters(index = "1", paramLabel = "N", description = "Its number of processes, at least 1.")
    int count;

    ScaleCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            err().println(app() + " scale: N must be at least 1: " + count);
            err().flush();
            return ExitCodes.USAGE;
        }
        if (requireRunning().isEmpty()) return ExitCodes.NOT_RUNNING;
        JsonNode reply;
        try {
            reply = ControlClient.call(
                    settings, "scale", Json.object().put("worker", worker).put("count", count));
        } catch (IOException e) {
            err().println(app() + " scale refused: " + e.getMessage());
            err().flush();
            return ExitCodes.ERROR;
        }
        out().println(app() + " scaled " + reply.path("scaled").asText());
        out().flush();
        return ExitCodes.OK;
    }
}
