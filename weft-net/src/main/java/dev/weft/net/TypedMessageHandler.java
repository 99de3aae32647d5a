package dev.weft.net;

/**
 * A typed message handler: the typed listeners' {@code onText}, {@code onBinary}, {@code onLine},
 * {@code onFrame}, {@code onData} and {@code onDatagram} take one whose connection and message types
 * are fixed by the scheme, so a handler for another scheme's messages does not compile. It runs in the
 * connection's coroutine (on UDP, in the receive loop), so it may block in any Weft operation.
 *
 * @param <C> the connection view, which says what may be sent back
 * @param <M> the message type
 */
@FunctionalInterface
public interface TypedMessageHandler<C extends ConnectionBase, M> {
    /**
     * Handles one message; an exception is logged and closes only this connection.
     *
     * @param connection the peer
     * @param message the message
     * @throws Exception anything the handler throws; see above
     */
    void onMessage(C connection, M message) throws Exception;
}
