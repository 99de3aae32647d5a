package dev.weft.server.internal.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts waits by event into fixed age buckets (under 10 ms, 100 ms, 1 s, 10 s, 1 min, 10 min, and longer). */
final class AgeHistogram {
    private static final long[] UPPER_MS = {10, 100, 1_000, 10_000, 60_000, 600_000};
    private static final String[] LABELS = {"<10ms", "<100ms", "<1s", "<10s", "<1min", "<10min", ">=10min"};

    private final Map<String, long[]> byEvent = new TreeMap<>();

    /** Counts one wait of {@code event} that has lasted {@code ageMs}. */
    void add(String event, long ageMs) {
        long[] counts = byEvent.computeIfAbsent(event, e -> new long[LABELS.length]);
        counts[bucket(ageMs)]++;
    }

    static int bucket(long ageMs) {
        for (int i = 0; i < UPPER_MS.length; i++) if (ageMs < UPPER_MS[i]) return i;
        return UPPER_MS.length;
    }

    /** {@code {buckets: [labels], events: [{event, total, counts}]}}, the events with the most waits first. */
    ObjectNode toJson() {
        ObjectNode out = Json.object();
        ArrayNode labels = out.putArray("buckets");
        for (String l : LABELS) labels.add(l);
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(byEvent.entrySet());
        entries.sort((a, b) -> Long.compare(total(b.getValue()), total(a.getValue())));
        ArrayNode events = out.putArray("events");
        for (Map.Entry<String, long[]> e : entries) {
            ObjectNode row = events.addObject().put("event", e.getKey()).put("total", total(e.getValue()));
            ArrayNode counts = row.putArray("counts");
            for (long n : e.getValue()) counts.add(n);
        }
        return out;
    }

    private static long total(long[] counts) {
        long t = 0;
        for (long n : counts) t += n;
        return t;
    }
}
