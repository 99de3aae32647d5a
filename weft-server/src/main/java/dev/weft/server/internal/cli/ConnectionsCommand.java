package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.server.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connections [--json]}: every open connection of every child. */
@Command(name = "connections", mixinStandardHelpOptions = true, description = "List open connections of all processes.")
final class ConnectionsCommand extends BaseCommand {
    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    ConnectionsCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() throws IOException {
        if (requireRunning().isEmpty()) return ExitCodes.NOT_RUNNING;
        JsonNode doc = ControlClient.call(settings, "connections", null);
        if (json) {
            out().println(Json.MAPPER.writeValueAsString(doc));
        } else {
            Set<String> columns = new LinkedHashSet<>(List.of("pid", "worker", "id"));
            doc.path("connections").forEach(r -> r.fieldNames().forEachRemaining(columns::add));
            List<String> cols = new ArrayList<>(columns);
            StringBuilder sb = new StringBuilder();
            for (String c : cols) sb.append(String.format("%-16s", c));
            out().println(sb.toString().stripTrailing());
            for (JsonNode r : doc.path("connections")) {
                sb.setLength(0);
                for (String c : cols) sb.append(String.format("%-16s", r.path(c).asText("-")));
                out().println(sb.toString().stripTrailing());
            }
            for (JsonNode b : doc.path("busy")) {
                out().println("worker[" + b.path("worker").asText() + ":"
                        + b.path("pid").asLong() + "] busy: no answer");
            }
            out().println(doc.path("connections").size() + " connections");
        }
        out().flush();
        return ExitCodes.OK;
    }
}
