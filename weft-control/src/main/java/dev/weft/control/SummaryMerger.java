package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the {@code summary} replies of several processes into one: counts add up, each event's
 * histograms add up and its percentiles are read off the sum, and the ten oldest of all processes are
 * kept (each row with its {@code pid}).
 */
public final class SummaryMerger {
    private final Map<String, Long> states = new TreeMap<>();
    private final Map<String, AgeHistogram> events = new TreeMap<>();
    private final List<ObjectNode> oldest = new ArrayList<>();
    private long total;
    private int processes;

    /** Adds one process's reply ({@code {pid, ok, result: {...}}}); replies that are not ok are skipped. */
    public SummaryMerger add(JsonNode reply) {
        if (!reply.path("ok").asBoolean()) {
            return this;
        }
        JsonNode r = reply.path("result");
        processes++;
        total += r.path("total").asLong();
        r.path("by_state")
                .properties()
                .forEach(e -> states.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        r.path("by_event").properties().forEach(e -> events.computeIfAbsent(e.getKey(), k -> new AgeHistogram())
                .addAll(
                        e.getValue().path("histogram"),
                        e.getValue().path("max_ms").asDouble()));
        for (JsonNode row : r.path("oldest")) {
            ObjectNode copy = Json.object().put("pid", reply.path("pid").asLong());
            copy.setAll((ObjectNode) row);
            oldest.add(copy);
        }
        return this;
    }

    /** {@code {count, p50_ms, p90_ms, p99_ms, max_ms}} of one histogram. */
    static ObjectNode describe(AgeHistogram h) {
        return Json.object()
                .put("count", h.count())
                .put("p50_ms", h.percentile(0.50))
                .put("p90_ms", h.percentile(0.90))
                .put("p99_ms", h.percentile(0.99))
                .put("max_ms", h.maxMs());
    }

    /**
     * {@code {processes, total, by_state, by_event: {event: {count, p50_ms, p90_ms, p99_ms, max_ms}}, oldest}}:
     * the events by count, most first.
     */
    public ObjectNode toJson() {
        ObjectNode out = Json.object().put("processes", processes).put("total", total);
        ObjectNode byState = out.putObject("by_state");
        states.forEach(byState::put);
        ObjectNode byEvent = out.putObject("by_event");
        events.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, AgeHistogram> e) ->
                                e.getValue().count())
                        .reversed())
                .forEach(e -> byEvent.set(e.getKey(), describe(e.getValue())));
        oldest.sort(
                Comparator.comparingDouble((ObjectNode n) -> n.path("age_ms").asDouble())
                        .reversed());
        ArrayNode rows = out.putArray("oldest");
        oldest.stream().limit(SummaryCommand.OLDEST).forEach(rows::add);
        return out;
    }
}
