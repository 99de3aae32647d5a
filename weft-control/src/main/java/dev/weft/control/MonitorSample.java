package dev.weft.control;

import java.time.Duration;
import java.time.Instant;

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
        Duration cost) {

    /** The sample as one log line in {@code format}; null for {@link LogFormat#NONE}. */
    public String format(LogFormat format) {
        return switch (format) {
            case JSON ->
                Json.object()
                        .put("ts", time.toString())
                        .put("pid", pid)
                        .put("live", live)
                        .put("suspended", suspended)
                        .put("system", system)
                        .put("oldest_coroutine_ms", Json.millis(oldestCoroutineAge))
                        .put("oldest_suspension_ms", Json.millis(oldestSuspensionAge))
                        .put("killed", killed)
                        .put("sample_ms", Json.millis(cost))
                        .toString();
            case KEY_VALUE ->
                "ts=" + time + " pid=" + pid + " live=" + live + " suspended=" + suspended
                        + " system=" + system + " oldest_coroutine_ms=" + Json.millis(oldestCoroutineAge)
                        + " oldest_suspension_ms=" + Json.millis(oldestSuspensionAge) + " killed=" + killed
                        + " sample_ms=" + Json.millis(cost);
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
