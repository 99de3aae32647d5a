package dev.weft.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * A listener address, Workerman style: {@code scheme://host:port} with scheme {@code tcp},
 * {@code text}, {@code frame}, {@code http}, {@code websocket} (or {@code ws}) or {@code udp}, or the
 * name of a user-supplied protocol. {@code https} and {@code wss} are {@code http} and
 * {@code websocket} over TLS: {@link #scheme()} names the protocol and {@link #tls()} is true. A Unix
 * domain socket listener adds {@code +unix} to the scheme and names the socket file's absolute path:
 * {@code http+unix:///run/app.sock}, {@code text+unix:///...}, {@code frame+unix:///...} (also
 * {@code tcp}, {@code websocket}, {@code https}, {@code wss} and custom protocols; not {@code udp}).
 *
 * @param scheme the protocol name, lower case, without {@code +unix} ({@code http} for
 *               {@code https://}, {@code websocket} for {@code wss://})
 * @param host the host to bind; empty for a Unix domain socket
 * @param port the port to bind (0: any free port); 0 for a Unix domain socket
 * @param tls whether the scheme itself asks for TLS ({@code https}, {@code wss}); the {@code ssl}
 *            option of a Worker turns it on for the other stream schemes
 * @param unixPath the socket file of a Unix domain socket listener, else null
 */
public record ListenUrl(String scheme, String host, int port, boolean tls, String unixPath) {
    /** A TCP (or UDP) listen address, TLS as its scheme says; see the record's components. */
    public ListenUrl(String scheme, String host, int port, boolean tls) {
        this(scheme, host, port, tls, null);
    }

    /** The schemes Weft speaks itself. */
    public static final Set<String> BUILT_IN =
            Set.of("tcp", "text", "frame", "http", "https", "websocket", "ws", "wss", "udp");

    /** A listen address without TLS in its scheme; see the record's components. */
    public ListenUrl(String scheme, String host, int port) {
        this(scheme, host, port, false, null);
    }

    private static final String UNIX_SUFFIX = "+unix";

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static ListenUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "listen URL is empty (expected scheme://host:port, e.g. http://127.0.0.1:8080)");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid listen URL '" + url + "': " + e.getReason());
        }
        if (uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).endsWith(UNIX_SUFFIX)) {
            return parseUnix(url, uri);
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(
                    "invalid listen URL '" + url + "' (expected scheme://host:port, e.g. http://127.0.0.1:8080)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "ws" -> new ListenUrl("websocket", uri.getHost(), uri.getPort(), false);
            case "https" -> new ListenUrl("http", uri.getHost(), uri.getPort(), true);
            case "wss" -> new ListenUrl("websocket", uri.getHost(), uri.getPort(), true);
            default -> new ListenUrl(scheme, uri.getHost(), uri.getPort(), false);
        };
    }

    /** {@code scheme+unix:///absolute/path}. */
    private static ListenUrl parseUnix(String url, URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        scheme = scheme.substring(0, scheme.length() - UNIX_SUFFIX.length());
        if (scheme.isEmpty() || scheme.equals("udp")) {
            throw new IllegalArgumentException(
                    "invalid listen URL '" + url + "': no Unix domain socket listener for '" + scheme + "'");
        }
        String path = uri.getPath();
        if ((uri.getAuthority() != null && !uri.getAuthority().isEmpty())
                || path == null
                || !path.startsWith("/")
                || path.endsWith("/")
                || uri.getQuery() != null) {
            throw new IllegalArgumentException("invalid listen URL '" + url
                    + "' (expected scheme+unix:///absolute/path, e.g. http+unix:///run/app.sock)");
        }
        // sun_path holds 108 bytes with the terminating NUL.
        if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            throw new IllegalArgumentException(
                    "invalid listen URL '" + url + "': a Unix domain socket path is limited to 107 bytes");
        }
        return switch (scheme) {
            case "ws" -> new ListenUrl("websocket", "", 0, false, path);
            case "https" -> new ListenUrl("http", "", 0, true, path);
            case "wss" -> new ListenUrl("websocket", "", 0, true, path);
            default -> new ListenUrl(scheme, "", 0, false, path);
        };
    }

    /** Whether this is a Unix domain socket listener. */
    public boolean isUnix() {
        return unixPath != null;
    }

    /** The address to bind: a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}. */
    public SocketAddress socketAddress() {
        return isUnix() ? UnixDomainSocketAddress.of(unixPath) : address();
    }

    /**
     * The socket address to bind, for a TCP or UDP listener.
     *
     * @throws IllegalStateException for a Unix domain socket listener (see {@link #socketAddress()})
     */
    public InetSocketAddress address() {
        if (isUnix()) {
            throw new IllegalStateException(this + " is a Unix domain socket: use socketAddress()");
        }
        return new InetSocketAddress(host, port);
    }

    /** Whether the transport is UDP. */
    public boolean isUdp() {
        return scheme.equals("udp");
    }

    @Override
    public String toString() {
        String shown = !tls ? scheme : scheme.equals("http") ? "https" : scheme.equals("websocket") ? "wss" : scheme;
        if (isUnix()) {
            return shown + UNIX_SUFFIX + "://" + unixPath;
        }
        return shown + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
