package dev.weft.net;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * A listener address, Workerman style: {@code scheme://host:port} with scheme {@code tcp},
 * {@code text}, {@code frame}, {@code http}, {@code websocket} (or {@code ws}) or {@code udp}, or the
 * name of a user-supplied protocol. {@code https} and {@code wss} are {@code http} and
 * {@code websocket} over TLS: {@link #scheme()} names the protocol and {@link #tls()} is true.
 *
 * @param scheme the protocol name, lower case ({@code http} for {@code https://}, {@code websocket}
 *               for {@code wss://})
 * @param host the host to bind
 * @param port the port to bind (0: any free port)
 * @param tls whether the scheme itself asks for TLS ({@code https}, {@code wss}); the {@code ssl}
 *            option of a Worker turns it on for the other stream schemes
 */
public record ListenUrl(String scheme, String host, int port, boolean tls) {
    /** The schemes Weft speaks itself. */
    public static final Set<String> BUILT_IN =
            Set.of("tcp", "text", "frame", "http", "https", "websocket", "ws", "wss", "udp");

    /** A listen address without TLS in its scheme; see the record's components. */
    public ListenUrl(String scheme, String host, int port) {
        this(scheme, host, port, false);
    }

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

    /** The socket address to bind. */
    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** Whether the transport is UDP. */
    public boolean isUdp() {
        return scheme.equals("udp");
    }

    @Override
    public String toString() {
        String shown = !tls ? scheme : scheme.equals("http") ? "https" : scheme.equals("websocket") ? "wss" : scheme;
        return shown + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
