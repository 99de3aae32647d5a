package dev.weft.server.internal.dashboard;

import java.net.InetSocketAddress;

/**
 * Whether and where the master serves the dashboard.
 *
 * <p>Internal: not part of Weft's API.
 *
 * @param address host:port to bind (loopback unless the operator names another host), or null: off
 * @param token   the access token from {@code WEFT_DASHBOARD_TOKEN}, or null: a random one is made
 */
public record DashboardConfig(String address, String token) {
    /** The system property {@code start --dashboard} sets. */
    public static final String PROPERTY = "weft.dashboard";
    /** The environment variable that switches the dashboard on, as {@code --dashboard} does. */
    public static final String ENV = "WEFT_DASHBOARD";
    /** The environment variable that sets the token instead of a random one. */
    public static final String TOKEN_ENV = "WEFT_DASHBOARD_TOKEN";
    /** The address {@code --dashboard} takes when given without a value. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:9465";

    /** From {@code weft.dashboard} / {@code WEFT_DASHBOARD} and {@code WEFT_DASHBOARD_TOKEN}. */
    public static DashboardConfig fromEnvironment() {
        String address = blankToNull(System.getProperty(PROPERTY));
        if (address == null) address = blankToNull(System.getenv(ENV));
        return new DashboardConfig(address, blankToNull(System.getenv(TOKEN_ENV)));
    }

    /** Whether the dashboard is on. */
    public boolean enabled() {
        return address != null;
    }

    /**
     * {@code host:port} (or {@code [v6]:port}) as an address; the host is required, so nobody binds every
     * interface by accident.
     *
     * @throws IllegalArgumentException if it is not host:port
     */
    public static InetSocketAddress socketAddress(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("dashboard address must be host:port, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            return new InetSocketAddress(host, port);
        } catch (IllegalArgumentException e) { // a bad number, or a port out of range
            throw new IllegalArgumentException("bad port in dashboard address '" + hostPort + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
