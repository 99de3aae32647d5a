package dev.weft.net;

import dev.weft.net.http.HttpRequest;

/** onWebSocketConnect: sees the handshake request and may reject it. */
@FunctionalInterface
public interface WebSocketConnectHandler {
    /**
     * Decides on a handshake.
     *
     * @return false to reject it (the client gets 403 and the connection closes)
     */
    boolean accept(Connection connection, HttpRequest request) throws Exception;
}
