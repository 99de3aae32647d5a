package dev.weft.net;

/**
 * The onMessage callback. {@code M} is what the listener's protocol decodes: {@code HttpRequest}
 * for http, {@code String} for text and WebSocket text, {@code byte[]} for frame, tcp and
 * WebSocket binary. Declare the parameter type to get it without a cast:
 * {@code worker.onMessage((Connection c, HttpRequest r) -> ...)}. A WebSocket message of a type the
 * handler does not take closes its connection with 1003 (see {@link Callbacks#onBinary}).
 *
 * @param <M> the message type
 */
@FunctionalInterface
public interface MessageHandler<M> {
    /**
     * Handles one message; an exception is logged and closes only this connection (on HTTP after
     * answering the request 500, if the handler had not answered it).
     */
    void onMessage(Connection connection, M message) throws Exception;
}
