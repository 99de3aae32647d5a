package dev.weft.server.internal.topic;

/**
 * Where the master's topics go besides this machine's processes, read the way the control plane's settings
 * are: a system property, else the environment.
 *
 * @param redis a Redis URL ({@code redis://host:6379}) through which the masters of the app on every machine
 *     exchange their topics ({@code weft.topics.redis} / {@code WEFT_TOPICS_REDIS}, set by
 *     {@code start --topics-redis URL}), or null for this machine only
 * @param app the application name, which keeps two apps on one Redis apart ({@code weft.app} /
 *     {@code WEFT_APP}, else the app's name)
 */
public record TopicConfig(String redis, String app) {
    /** The system property that {@code start --topics-redis} sets. */
    public static final String REDIS_PROPERTY = "weft.topics.redis";
    /** The environment variable. */
    public static final String REDIS_ENV = "WEFT_TOPICS_REDIS";

    /** The settings of this process. */
    public static TopicConfig fromEnvironment(String defaultApp) {
        String app = setting("weft.app", "WEFT_APP");
        return new TopicConfig(setting(REDIS_PROPERTY, REDIS_ENV), app == null ? defaultApp : app);
    }

    private static String setting(String property, String env) {
        String v = blankToNull(System.getProperty(property));
        return v != null ? v : blankToNull(System.getenv(env));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
