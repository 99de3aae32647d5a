package dev.weft.net.internal;

import dev.weft.net.ConnectionHandler;
import dev.weft.net.ErrorHandler;
import dev.weft.net.ListenUrl;
import dev.weft.net.MessageHandler;
import dev.weft.net.NetOptions;
import dev.weft.net.WebSocketConnectHandler;
import dev.weft.net.protocol.Protocol;

/**
 * What a {@link TcpConnection} and its driver need from the {@link dev.weft.net.server.NetServer} that
 * accepted it: the listener's settings, its current callbacks (read at each use, so callbacks set
 * after start still apply) and the close notification. The server implements it privately, so
 * none of this shows on its public API.
 */
public interface Listener {
    /** The listener's URL; its scheme picks the driver. */
    ListenUrl url();

    /** The connection settings. */
    NetOptions options();

    /** The user's protocol, for a scheme that is not built in; null otherwise. */
    <I, O> Protocol<I, O> customProtocol();

    /** The listener's TLS context, or null for a plain listener. */
    dev.weft.net.internal.tls.ServerTls tls();

    /** Called once when a connection of this listener has closed. */
    void connectionClosed(TcpConnection c);

    /** The onConnect callback, or null. */
    ConnectionHandler onConnect();

    /** The onMessage callback, or null. */
    MessageHandler<Object> onMessage();

    /** The onBinary callback (WebSocket binary messages), or null. */
    MessageHandler<byte[]> onBinary();

    /** The onClose callback, or null. */
    ConnectionHandler onClose();

    /** The onError callback, or null. */
    ErrorHandler onError();

    /** The onBufferFull callback, or null. */
    ConnectionHandler onBufferFull();

    /** The onBufferDrain callback, or null. */
    ConnectionHandler onBufferDrain();

    /** The onWebSocketConnect callback, or null. */
    WebSocketConnectHandler onWebSocketConnect();
}
