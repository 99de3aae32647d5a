package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.server.Settings;
import dev.weft.server.internal.status.StatusTable;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status [-d] [--json]}: the master asks every child (a child that does not answer shows busy). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show master and process status.")
final class StatusCommand extends BaseCommand {
    @Option(
            names = {"-d", "--live"},
            description = "Refresh every second until interrupted (like top; redraws in place on a terminal).")
    boolean live;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    StatusCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (requireRunning().isEmpty()) return ExitCodes.NOT_RUNNING;
        // status -d measures qps over its own refresh interval, whoever else asks for status meanwhile.
        var fields =
                live ? Json.object().put("window", java.util.UUID.randomUUID().toString()) : null;
        // Only a terminal is redrawn in place; a pipe or file gets one table after the other.
        boolean redraw = live && System.console() != null && System.console().isTerminal();
        do {
            JsonNode doc = ControlClient.call(settings, "status", fields);
            if (redraw) out().print("\033[H\033[2J"); // clear screen, cursor home
            else if (live) out().println();
            out().print(json ? Json.MAPPER.writeValueAsString(doc) + "\n" : StatusTable.format(doc));
            out().flush();
            if (live) Thread.sleep(1000); // display refresh period, not a synchronization
        } while (live);
        return ExitCodes.OK;
    }
}
