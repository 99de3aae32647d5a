package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * {@code summary [all]}: what a big process is doing, in one small answer: {@code total}, counts by
 * {@code state}, and by {@code event} (the operation each coroutine waits in, {@value #NOT_WAITING} for one
 * that is not waiting) with the age percentiles of those waits ({@code p50_ms}, {@code p90_ms},
 * {@code p99_ms}, {@code max_ms}) and their {@link AgeHistogram} under {@code histogram} so that several
 * processes' summaries merge ({@link SummaryMerger}); and the {@value #OLDEST} {@code oldest} coroutines by
 * their own age. One pass over the registry; memory is a histogram per event and a heap of ten.
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
        Map<String, Long> states = new TreeMap<>();
        Map<String, AgeHistogram> events = new HashMap<>();
        Comparator<Coroutine> byStart = Comparator.comparing(Coroutine::startTime);
        // The youngest kept on top, so an older one replaces it.
        PriorityQueue<Coroutine> oldest = new PriorityQueue<>(OLDEST + 1, byStart.reversed());
        long total = 0;
        int i = 0;
        for (Coroutine c : Co.list()) {
            Fairness.step(i++);
            if (c.isSystem() && !all) {
                continue;
            }
            total++;
            states.merge(c.state().name(), 1L, Long::sum);
            Suspension s = c.suspension();
            String event = s != null ? s.event() : NOT_WAITING;
            double age = Json.millis(s != null ? s.age() : c.age());
            events.computeIfAbsent(event, e -> new AgeHistogram()).add(age);
            oldest.add(c);
            if (oldest.size() > OLDEST) {
                oldest.poll();
            }
        }
        ObjectNode out = Json.object();
        out.put("total", total);
        ObjectNode byState = out.putObject("by_state");
        states.forEach(byState::put);
        ObjectNode byEvent = out.putObject("by_event");
        new TreeMap<>(events).forEach((event, h) -> {
            ObjectNode e = SummaryMerger.describe(h);
            e.set("histogram", h.toJson());
            byEvent.set(event, e);
        });
        List<Coroutine> old = new ArrayList<>(oldest);
        old.sort(byStart);
        ArrayNode rows = out.putArray("oldest");
        old.forEach(c -> rows.add(CoroutineJson.coroutine(c)));
        return out;
    }
}
