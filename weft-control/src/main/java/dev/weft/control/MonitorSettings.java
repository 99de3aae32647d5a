package dev.weft.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;

/**
 * The {@link Monitor} switched on without code, from the environment (which {@code start --monitor
 * ...} sets for the worker processes):
 * <ul>
 *   <li>{@value #INTERVAL}: the sampling interval ({@code 1s}, {@code 500ms}); unset or empty: no monitor;</li>
 *   <li>{@value #KILL_OLDER_THAN}: kill user coroutines whose current wait is older than this;</li>
 *   <li>{@value #MATCH}: only waits whose event matches this regular expression;</li>
 *   <li>{@value #INCLUDE_IDLE}: {@code true} to let the policy kill idle waits (kept-alive clients) too.</li>
 * </ul>
 * Samples are logged as {@code key=value} lines naming the {@value Monitor.Config#DEFAULT_TOP}
 * oldest non-idle coroutines and suspensions.
 */
public final class MonitorSettings {
    /** The sampling interval. */
    public static final String INTERVAL = "WEFT_MONITOR_INTERVAL";
    /** The kill policy's age limit. */
    public static final String KILL_OLDER_THAN = "WEFT_MONITOR_KILL_OLDER_THAN";
    /** The kill policy's event pattern. */
    public static final String MATCH = "WEFT_MONITOR_MATCH";
    /** Whether the kill policy includes idle waits. */
    public static final String INCLUDE_IDLE = "WEFT_MONITOR_INCLUDE_IDLE";

    private MonitorSettings() {}

    /**
     * The configuration the variables describe.
     *
     * @return the configuration, or null when {@value #INTERVAL} is unset or empty
     * @throws IllegalArgumentException naming the variable when a value is malformed, or when a
     *                                  policy variable is given without {@value #KILL_OLDER_THAN}
     */
    public static Monitor.Config fromEnvironment(Map<String, String> env) {
        String interval = value(env, INTERVAL);
        if (interval == null) {
            return null;
        }
        ObjectNode node = Json.object().put(INTERVAL, interval);
        String olderThan = value(env, KILL_OLDER_THAN);
        String match = value(env, MATCH);
        String includeIdle = value(env, INCLUDE_IDLE);
        if (olderThan == null && (match != null || includeIdle != null)) {
            throw new IllegalArgumentException(
                    MATCH + " and " + INCLUDE_IDLE + " shape the kill policy and need " + KILL_OLDER_THAN);
        }
        if (olderThan != null) {
            node.put(KILL_OLDER_THAN, olderThan);
        }
        if (match != null) {
            node.put(MATCH, match);
        }
        if (includeIdle != null) {
            node.put(INCLUDE_IDLE, includeIdle);
        }
        try {
            Args args = Args.of(node);
            Duration every = args.requiredDuration(INTERVAL);
            AgeFilter policy = olderThan == null
                    ? null
                    : new AgeFilter(
                            args.requiredDuration(KILL_OLDER_THAN),
                            AgeBasis.SUSPENSION,
                            args.pattern(MATCH),
                            args.flag(INCLUDE_IDLE));
            return new Monitor.Config(every, MonitorSample.LogFormat.KEY_VALUE, policy);
        } catch (CommandException e) {
            throw new IllegalArgumentException(e.getMessage().replace("argument", "environment variable"), e);
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
