package dev.weft.net;

/**
 * The callbacks of one listener, Workerman's {@code onConnect}, {@code onMessage}, ... Set them
 * before the listener starts; unset ones do nothing.
 */
public final class Callbacks {
    private volatile ConnectionHandler onConnect;
    private volatile MessageHandler<Object> onMessage;
    private volatile ConnectionHandler onClose;
    private volatile ErrorHandler onError;
    private volatile ConnectionHandler onBufferFull;
    private volatile ConnectionHandler onBufferDrain;
    private volatile WebSocketConnectHandler onWebSocketConnect;

    /** Called when a connection is accepted (for WebSocket: before the handshake). */
    public Callbacks onConnect(ConnectionHandler h) {
        onConnect = h;
        return this;
    }

    /** Called for each decoded message; see {@link MessageHandler} for the message types. */
    @SuppressWarnings("unchecked")
    public <M> Callbacks onMessage(MessageHandler<M> h) {
        onMessage = (MessageHandler<Object>) (MessageHandler<?>) h;
        return this;
    }

    /** Called once when a connection is closed, whoever closed it. */
    public Callbacks onClose(ConnectionHandler h) {
        onClose = h;
        return this;
    }

    /** Called on send failures, protocol errors and failed callbacks. */
    public Callbacks onError(ErrorHandler h) {
        onError = h;
        return this;
    }

    /** Called when a connection's send buffer reaches its limit. */
    public Callbacks onBufferFull(ConnectionHandler h) {
        onBufferFull = h;
        return this;
    }

    /** Called when a full send buffer has been written out. */
    public Callbacks onBufferDrain(ConnectionHandler h) {
        onBufferDrain = h;
        return this;
    }

    /** Called with the handshake request of a WebSocket connection; may reject it. */
    public Callbacks onWebSocketConnect(WebSocketConnectHandler h) {
        onWebSocketConnect = h;
        return this;
    }

    ConnectionHandler onConnect() {
        return onConnect;
    }

    MessageHandler<Object> onMessage() {
        return onMessage;
    }

    ConnectionHandler onClose() {
        return onClose;
    }

    ErrorHandler onError() {
        return onError;
    }

    ConnectionHandler onBufferFull() {
        return onBufferFull;
    }

    ConnectionHandler onBufferDrain() {
        return onBufferDrain;
    }

    WebSocketConnectHandler onWebSocketConnect() {
        return onWebSocketConnect;
    }
}
