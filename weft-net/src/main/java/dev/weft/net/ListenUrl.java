package dev.weft.net;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * A listener address, Workerman style: {@code scheme://host:port} with scheme {@code tcp},
 * {@code text}, {@code frame}, {@code http}, {@code websocket} (or {@code ws}) or {@code udp}, or the
 * name of a user-supplied protocol.
 *
 * @param scheme the protocol name, lower case
 * @param host the host to bind
 * @param port the port to bind (0: any free port)
 */
public record ListenUrl(String scheme, String host, int port) {
    /** The schemes Weft speaks itself. */
    public static final Set<String> BUILT_IN = Set.of("tcp", "text", "frame", "http", "websocket", "ws", "udp");

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
        return new ListenUrl(scheme.equals("ws") ? "websocket" : scheme, uri.getHost(), uri.getPort());
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
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
