package dev.weft.server.internal.control;

/**
 * Where the control plane listens besides the master's local socket.
 *
 * @param redis a Redis URL (redis://host:6379) for fleet-wide control, or null
 * @param app the application name: the Redis channel is {@code weft:<app>:control}
 * @param metrics host:port of the master's Prometheus endpoint, or null for none
 * @param health host:port of the master's {@code /healthz} and {@code /readyz} alone, or null for none
 *     (they are also served on the metrics address)
 */
public record ControlConfig(String redis, String app, String metrics, String health) {
    /**
     * From system properties, then the environment: {@code weft.control.redis} /
     * {@code WEFT_CONTROL_REDIS}, {@code weft.app} / {@code WEFT_APP}, {@code weft.metrics} /
     * {@code WEFT_METRICS} (what {@code start --metrics} sets), {@code weft.health} / {@code WEFT_HEALTH}
     * (what {@code start --health} sets).
     */
    public static ControlConfig fromEnvironment(String defaultApp) {
        String app = setting("weft.app", "WEFT_APP");
        return new ControlConfig(
                setting("weft.control.redis", "WEFT_CONTROL_REDIS"),
                app == null ? defaultApp : app,
                setting("weft.metrics", "WEFT_METRICS"),
                setting("weft.health", "WEFT_HEALTH"));
    }

    private static String setting(String property, String env) {
        String v = blankToNull(System.getProperty(property));
        return v != null ? v : blankToNull(System.getenv(env));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
