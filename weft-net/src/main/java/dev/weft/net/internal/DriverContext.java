package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.net.Connection;
import dev.weft.net.ConnectionStatus;
import dev.weft.net.MessageHandler;
import dev.weft.net.WebSocketConnectHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * All a {@link Driver} sees of its connection, in Netty's pipeline shape: inbound, a decoded
 * message goes up to the user's handler ({@link #fireMessage}); outbound, encoded bytes go down to
 * the socket ({@link #write}). Plus the few lifecycle calls a protocol needs (close, interrupt the
 * wait for input, report a protocol error). Drivers never reach the connection's read loop,
 * buffers or counters.
 */
final class DriverContext {
    private final TcpConnection connection;
    private final Listener listener;
    private final CallbackGuard guard;
    private final Outbound outbound;
    private final RecvPause pause;
    private final ReadInterrupt readInterrupt;

    DriverContext(
            TcpConnection connection,
            Listener listener,
            CallbackGuard guard,
            Outbound outbound,
            RecvPause pause,
            ReadInterrupt readInterrupt) {
        this.connection = connection;
        this.listener = listener;
        this.guard = guard;
        this.outbound = outbound;
        this.pause = pause;
        this.readInterrupt = readInterrupt;
    }

    // ---- inbound

    /** Whether to decode another message now: established and not paused (pipelined input waits). */
    boolean receiving() {
        return connection.status() == ConnectionStatus.ESTABLISHED && !pause.paused();
    }

    /** Whether receiving is paused (see {@link TcpConnection#pauseRecv()}). */
    boolean paused() {
        return pause.paused();
    }

    /** Whether the connection is still established (not closing or closed). */
    boolean established() {
        return connection.status() == ConnectionStatus.ESTABLISHED;
    }

    /** Passes a decoded message up to onMessage; false if the handler failed (the connection is closing). */
    boolean fireMessage(Object message) {
        return guard.message(message);
    }

    /**
     * Passes an HTTP request up to onMessage; one of {@link CallbackGuard#DELIVERED}, {@link
     * CallbackGuard#FAILED} (the connection is closing) or {@link CallbackGuard#BAD_REQUEST} (see
     * {@link #rejection()}).
     */
    int fireRequest(Object request) {
        return guard.request(request);
    }

    /** Why the handler rejected the last request that {@link #fireRequest} reported as a bad request. */
    RuntimeException rejection() {
        return guard.rejection();
    }

    /**
     * Passes a message up to {@code h} (onMessage or a per-type handler); one of
     * {@link CallbackGuard#DELIVERED}, {@link CallbackGuard#FAILED} (the connection is closing) or
     * {@link CallbackGuard#REFUSED} (the handler does not take this message type).
     */
    int fireTyped(MessageHandler<Object> h, Object message) {
        return guard.deliverTyped(h, message);
    }

    /** The onMessage callback, or null. */
    MessageHandler<Object> onMessage() {
        return listener.onMessage();
    }

    /** The onBinary callback, or null. */
    MessageHandler<byte[]> onBinary() {
        return listener.onBinary();
    }

    /** Reports a protocol error (logged, onError); the caller closes. */
    void protocolError(String message) {
        guard.protocolError(message);
    }

    /** The onWebSocketConnect callback, or null. */
    WebSocketConnectHandler onWebSocketConnect() {
        return listener.onWebSocketConnect();
    }

    // ---- outbound

    /** Writes encoded bytes, or queues a copy of what the socket does not take; false if dropped. */
    boolean write(ByteBuffer bytes) {
        return outbound.send(bytes);
    }

    /**
     * Gathers the sends that follow into one socket write, until {@link #uncork()}: for a batch of
     * pipelined requests, answered with one write as Netty flushes once per read.
     */
    void cork() {
        outbound.cork();
    }

    /** Writes what {@link #cork()} gathered and sends straight to the socket again. */
    void uncork() {
        outbound.uncork();
    }

    /** Writes bytes in order after everything queued, suspending the caller: for file and stream bodies. */
    void writeBlocking(ByteBuffer bytes) throws IOException {
        outbound.writeBlocking(bytes);
    }

    /** Whether {@link #transferBlocking} works here: a plain (not TLS) connection. */
    boolean zeroCopy() {
        return outbound.zeroCopy();
    }

    /** Sends part of a file after everything queued, without copying it through the heap, suspending the caller. */
    void transferBlocking(java.nio.channels.FileChannel file, long position, long count) throws IOException {
        outbound.transferBlocking(file, position, count);
    }

    // ---- lifecycle

    /** The public connection, as user callbacks see it. */
    Connection connection() {
        return connection;
    }

    /** Closes the connection (flushing what is queued). */
    void close() {
        connection.close();
    }

    /**
     * Cancels the operation the connection's coroutine waits in, as {@code co cancel} does, even a
     * wait of the user's callback: the operation returns its failure value and the callback goes on.
     */
    void cancelReader() {
        Coroutine reader = readInterrupt.reader();
        if (reader != null && reader != Co.current()) {
            Co.cancel(reader.id());
        }
    }

    /** Interrupts the read loop's wait for input (never a wait of the user's callback) so it re-checks its state. */
    void interruptRead() {
        readInterrupt.interrupt();
    }
}
