package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code summary [all]}: what a big process is doing, in one small answer: {@code total}, counts by
 * {@code state}, and by {@code event} (the operation each coroutine waits in, {@value #NOT_WAITING} for one
 * that is not waiting) with the age percentiles of those waits ({@code p50_ms}, {@code p90_ms},
 * {@code p99_ms}, {@code max_ms}) and their {@link AgeHistogram} under {@code histogram} so that several
 * processes' summaries merge ({@link SummaryMerger}); and the {@value #OLDEST} {@code oldest} coroutines by
 * their own age. One pass over the registry with primitive counters; memory is a histogram per event and the ten oldest.
 */
final class SummaryCommand implements Command {
    /** The event of a coroutine that waits in nothing. */
    static final String NOT_WAITING = "(running)";

    /** How many of the oldest coroutines are listed. */
    static final int OLDEST = 10;

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String description() {
        return "counts by state and by event, wait-age percentiles per event, the 10 oldest (args: all)";
    }

    @Override
    public JsonNode execute(Args args) {
        boolean all = args.flag("all");
        Coroutine.State[] stateNames = Coroutine.State.values();
        long[] states = new long[stateNames.length];
        Map<String, AgeHistogram> events = new HashMap<>();
        TopAges<Coroutine> oldest = new TopAges<>(OLDEST);
        String lastEvent = null;
        AgeHistogram last = null;
        long total = 0;
        int i = 0;
        for (Coroutine c : Co.list()) {
            Fairness.step(i++);
            if (c.isSystem() && !all) {
                continue;
            }
            total++;
            states[c.state().ordinal()]++;
            long age = c.age().toNanos();
            Suspension s = c.suspension();
            String event = s != null ? s.event() : NOT_WAITING;
            if (event != lastEvent) {
                // Most coroutines of a big process wait in the same few operations: one lookup per change.
                lastEvent = event;
                last = events.computeIfAbsent(event, e -> new AgeHistogram());
            }
            last.add((s != null ? s.age().toNanos() : age) / 1e6);
            oldest.offer(TopAges.startKey(c.startTime()), c);
        }
        ObjectNode out = Json.object();
        out.put("total", total);
        ObjectNode byState = out.putObject("by_state");
        // By name, as before: the states a process has, none with a zero count.
        Map<String, Long> named = new TreeMap<>();
        for (Coroutine.State st : stateNames) {
            if (states[st.ordinal()] > 0) {
                named.put(st.name(), states[st.ordinal()]);
            }
        }
        named.forEach(byState::put);
        ObjectNode byEvent = out.putObject("by_event");
        new TreeMap<>(events).forEach((event, h) -> {
            ObjectNode e = SummaryMerger.describe(h);
            e.set("histogram", h.toJson());
            byEvent.set(event, e);
        });
        ArrayNode rows = out.putArray("oldest");
        oldest.oldestFirst().forEach(c -> rows.add(CoroutineJson.coroutine(c)));
        return out;
    }
}
