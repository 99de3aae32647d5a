package dev.weft.server.internal.control;

/**
 * Where the control plane listens besides the master's local socket.
 *
 * @param redis a Redis URL (redis://host:6379) for fleet-wide control, or null
 * @param app the application name: the Redis channel is {@code weft:<app>:control}
 * @param metrics host:port of the master's Prometheus endpoint, or null for none
 */
public record ControlConfig(String redis, String app, String metrics) {
    /**
     * From system properties, then the environment: {@code weft.control.redis} /
     * {@code WEFT_CONTROL_REDIS}, {@code weft.app} / {@code WEFT_APP}, {@code weft.metrics} /
     * {@code WEFT_METRICS} (what {@code start --metrics} sets).
     */
    public static ControlConfig fromEnvironment(String defaultApp) {
        String app = setting("weft.app", "WEFT_APP");
        return new ControlConfig(
                setting("weft.control.redis", "WEFT_CONTROL_REDIS"),
                app == null ? defaultApp : app,
                setting("weft.metrics", "WEFT_METRICS"));
    }

    private static String setting(String property, String env) {
        String v = blankToNull(System.getProperty(property));
        return v != null ? v : blankToNull(System.getenv(env));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
