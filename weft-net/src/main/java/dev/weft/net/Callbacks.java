package dev.weft.net;

/**
 * The callbacks of one listener, Workerman's {@code onConnect}, {@code onMessage}, ... Set them
 * before the listener starts; unset ones do nothing.
 */
public final class Callbacks {
    private volatile ConnectionHandler onConnect;
    private volatile MessageHandler<Object> onMessage;
    private volatile MessageHandler<byte[]> onBinary;
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

    /**
     * WebSocket only: called for each binary message instead of onMessage. Without it, binary
     * messages go to onMessage; if that does not take {@code byte[]} (it was declared with a
     * {@code String} parameter), the connection closes with 1003 (unsupported data).
     */
    public Callbacks onBinary(MessageHandler<byte[]> h) {
        onBinary = h;
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

    /** The connect handler set here, or null when none is. */
    public ConnectionHandler onConnect() {
        return onConnect;
    }

    /** The message handler set here, or null when none is. */
    public MessageHandler<Object> onMessage() {
        return onMessage;
    }

    /** The binary message handler set here, or null when none is. */
    public MessageHandler<byte[]> onBinary() {
        return onBinary;
    }

    /** The close handler set here, or null when none is. */
    public ConnectionHandler onClose() {
        return onClose;
    }

    /** The error handler set here, or null when none is. */
    public ErrorHandler onError() {
        return onError;
    }

    /** The buffer-full handler set here, or null when none is. */
    public ConnectionHandler onBufferFull() {
        return onBufferFull;
    }

    /** The buffer-drain handler set here, or null when none is. */
    public ConnectionHandler onBufferDrain() {
        return onBufferDrain;
    }

    /** The WebSocket-connect handler set here, or null when none is. */
    public WebSocketConnectHandler onWebSocketConnect() {
        return onWebSocketConnect;
    }
}
