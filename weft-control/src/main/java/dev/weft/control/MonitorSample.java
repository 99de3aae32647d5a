package dev.weft.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One {@link Monitor} sample. Counts and ages cover user coroutines; system ones are counted apart.
 *
 * @param time when it was taken
 * @param pid the process id
 * @param live live user coroutines
 * @param suspended user coroutines waiting in an operation
 * @param system live system coroutines
 * @param oldestCoroutineAge age of the oldest user coroutine ({@link Duration#ZERO} if none)
 * @param oldestSuspensionAge age of the oldest suspension of a user coroutine ({@link Duration#ZERO} if none)
 * @param killed coroutines the policy killed in this sample
 * @param cost how long taking the sample took
 * @param oldestCoroutines the oldest non-idle user coroutines, oldest first (at most
 *     {@link Monitor.Config#top()}); their event is their current suspension's, or null
 * @param oldestSuspensions the oldest non-idle suspensions of user coroutines, oldest first
 */
public record MonitorSample(
        Instant time,
        long pid,
        long live,
        long suspended,
        long system,
        Duration oldestCoroutineAge,
        Duration oldestSuspensionAge,
        int killed,
        Duration cost,
        List<Named> oldestCoroutines,
        List<Named> oldestSuspensions) {

    /**
     * A coroutine (or the suspension it waits in) named in a sample.
     *
     * @param id the coroutine's id
     * @param name the coroutine's name
     * @param event the suspension's event, or null for a coroutine that is not waiting
     * @param age the coroutine's age (in {@code oldestCoroutines}) or the suspension's (in {@code oldestSuspensions})
     */
    public record Named(long id, String name, String event, Duration age) {
        String keyValue() {
            // Spaces become '_' so the list stays one logfmt value.
            return id + ":" + name.replace(' ', '_') + (event == null ? "" : "@" + event.replace(' ', '_')) + ":"
                    + Json.millis(age)
                    + "ms";
        }
    }

    private static ArrayNode json(List<Named> named) {
        ArrayNode a = Json.array();
        for (Named n : named) {
            a.addObject()
                    .put("id", n.id())
                    .put("name", n.name())
                    .put("event", n.event())
                    .put("age_ms", Json.millis(n.age()));
        }
        return a;
    }

    private static String keyValue(List<Named> named) {
        StringBuilder b = new StringBuilder();
        for (Named n : named) {
            b.append(b.isEmpty() ? "" : ",").append(n.keyValue());
        }
        return b.toString();
    }

    /** The sample as one log line in {@code format}; null for {@link LogFormat#NONE}. */
    public String format(LogFormat format) {
        return switch (format) {
            case JSON -> {
                var o = Json.object()
                        .put("ts", time.toString())
                        .put("pid", pid)
                        .put("live", live)
                        .put("suspended", suspended)
                        .put("system", system)
                        .put("oldest_coroutine_ms", Json.millis(oldestCoroutineAge))
                        .put("oldest_suspension_ms", Json.millis(oldestSuspensionAge))
                        .put("killed", killed)
                        .put("sample_ms", Json.millis(cost));
                o.set("oldest_coroutines", json(oldestCoroutines));
                o.set("oldest_suspensions", json(oldestSuspensions));
                yield o.toString();
            }
            case KEY_VALUE ->
                "ts=" + time + " pid=" + pid + " live=" + live + " suspended=" + suspended
                        + " system=" + system + " oldest_coroutine_ms=" + Json.millis(oldestCoroutineAge)
                        + " oldest_suspension_ms=" + Json.millis(oldestSuspensionAge) + " killed=" + killed
                        + " sample_ms=" + Json.millis(cost)
                        + " oldest_coroutines=" + keyValue(oldestCoroutines)
                        + " oldest_suspensions=" + keyValue(oldestSuspensions);
            case NONE -> null;
        };
    }

    /** How the {@link Monitor} writes its samples. */
    public enum LogFormat {
        /** One JSON object per line. */
        JSON,
        /** {@code key=value} pairs, logfmt style. */
        KEY_VALUE,
        /** No log line (counters only). */
        NONE
    }
}
