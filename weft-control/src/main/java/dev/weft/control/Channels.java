package dev.weft.control;

/** Redis channel names; the app name in each keeps two apps on one Redis apart. */
public final class Channels {
    private Channels() {}

    /** {@code weft:<app>:control}: every process of the app subscribes here. */
    public static String control(String app) {
        return "weft:" + checkApp(app) + ":control";
    }

    /** {@code weft:<app>:reply:<requestId>}: the replies to one request. */
    public static String reply(String app, String requestId) {
        return "weft:" + checkApp(app) + ":reply:" + requestId;
    }

    /**
     * Checks an app name: letters, digits, {@code - _ .} only, so it can never smuggle a
     * {@code :} or a pattern character into a channel name.
     */
    public static String checkApp(String app) {
        if (app == null || !app.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("app name must be 1-64 of [A-Za-z0-9._-]: " + app);
        }
        return app;
    }
}
