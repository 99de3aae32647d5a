package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import dev.weft.control.SummaryMerger;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * {@code co summary}: merges each process's summary (weft-control's {@code summary}) with
 * {@link SummaryMerger} and prints counts by state, counts and wait-age percentiles by event, and the ten
 * oldest coroutines of all processes.
 */
final class CoSummary {
    private CoSummary() {}

    /** Prints the merged summary of {@code doc} ({@code {processes: [reply], missing}}); returns the exit code. */
    static int print(JsonNode doc, boolean json, PrintWriter out, PrintWriter err) throws IOException {
        SummaryMerger merger = new SummaryMerger();
        boolean failed = false;
        for (JsonNode p : doc.path("processes")) {
            if (!p.path("ok").asBoolean()) {
                err.println(CoOutput.label(p) + " error: " + p.path("error").asText());
                failed = true;
            }
            merger.add(p);
        }
        ObjectNode merged = merger.toJson();
        if (doc.has("hosts")) {
            // Over Redis: each machine's share, then the fleet's merged figures.
            ObjectNode hosts = merged.putObject("hosts");
            for (JsonNode p : doc.path("processes")) {
                ObjectNode h = hosts.has(p.path("host").asText())
                        ? (ObjectNode) hosts.get(p.path("host").asText())
                        : hosts.putObject(p.path("host").asText());
                h.put("processes", h.path("processes").asInt() + 1);
                h.put(
                        "total",
                        h.path("total").asLong()
                                + p.path("result").path("total").asLong());
            }
        }
        merged.set("missing", doc.path("missing"));
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(merged));
        } else {
            table(merged, out);
        }
        for (JsonNode m : doc.path("missing")) {
            err.println(CoOutput.missing(m));
            failed |= doc.path("processes").isEmpty();
        }
        out.flush();
        err.flush();
        return failed ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private static void table(JsonNode s, PrintWriter out) {
        out.println(s.path("total").asLong() + " coroutines in "
                + s.path("processes").asInt() + " processes");
        out.println();
        out.println(String.format("  %-12s %10s", "STATE", "COUNT"));
        for (Map.Entry<String, JsonNode> e : s.path("by_state").properties()) {
            out.println(String.format("  %-12s %10d", e.getKey(), e.getValue().asLong()));
        }
        out.println();
        out.println(String.format("  %-32s %10s %10s %10s %10s %10s", "EVENT", "COUNT", "P50", "P90", "P99", "MAX"));
        for (Map.Entry<String, JsonNode> e : s.path("by_event").properties()) {
            JsonNode v = e.getValue();
            out.println(String.format(
                    "  %-32s %10d %10s %10s %10s %10s",
                    e.getKey(),
                    v.path("count").asLong(),
                    age(v.path("p50_ms").asDouble()),
                    age(v.path("p90_ms").asDouble()),
                    age(v.path("p99_ms").asDouble()),
                    age(v.path("max_ms").asDouble())));
        }
        out.println();
        out.println("OLDEST");
        out.println(String.format("  %-8s%s", "PID", CoOutput.header().substring(2)));
        for (JsonNode c : s.path("oldest")) {
            out.print(String.format(
                    "  %-8d%s", c.path("pid").asLong(), CoOutput.row(c, 0).substring(2)));
        }
    }

    private static String age(double ms) {
        return ms < 1000 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }
}
