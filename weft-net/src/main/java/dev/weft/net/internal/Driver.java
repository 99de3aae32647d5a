package dev.weft.net.internal;

import dev.weft.net.internal.protocol.FrameProtocol;
import dev.weft.net.internal.protocol.RawProtocol;
import dev.weft.net.internal.protocol.TextProtocol;
import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Speaks one protocol on one {@link TcpConnection}, one direction per step as in Netty's pipeline:
 * inbound, {@link #onBytes} decodes received bytes and fires each message up through its
 * {@link DriverContext}; outbound, {@link #send} encodes a message and writes it down through the
 * same context. One instance per connection; only the connection's coroutine calls
 * {@link #onBytes}, any coroutine may call {@link #send}. A driver sees nothing of its connection
 * but the context.
 */
abstract class Driver {
    /** The connection, as far as the driver may see it. */
    final DriverContext ctx;

    Driver(DriverContext ctx) {
        this.ctx = ctx;
    }

    /** The driver for a listener's scheme. */
    static Driver forScheme(String scheme, Listener server, DriverContext ctx) {
        int max = server.options().maxPackageSize();
        long idle = server.options().timeLimits().idle().toNanos();
        return switch (scheme) {
            case "http" -> new HttpDriver(server.options(), ctx);
            case "websocket" -> new WebSocketDriver(server.options(), ctx);
            case "text" -> new ProtocolDriver<>(new TextProtocol(max), ctx, idle);
            case "frame" -> new ProtocolDriver<>(new FrameProtocol(max), ctx, idle);
            case "tcp" -> new ProtocolDriver<>(new RawProtocol(), ctx, idle);
            default -> new ProtocolDriver<>(server.customProtocol(), ctx, idle);
        };
    }

    /**
     * Decodes what it can of {@code in} (position to limit) and dispatches it; leaves the rest.
     *
     * @throws ProtocolException when the peer broke the protocol: the connection closes
     */
    abstract void onBytes(ByteBuffer in);

    /** Encodes and sends {@code message}; false if it was not accepted. */
    abstract boolean send(Object message);

    /**
     * Whether {@link #onBytes} may get a direct buffer (see {@link ReceiveBuffers}): true only for
     * decoders that never call {@link ByteBuffer#array()}.
     */
    boolean directReceiveBuffer() {
        return false;
    }

    /** Answers a protocol error before the connection closes (HTTP 400, WebSocket 1002...). */
    void onProtocolError(ProtocolException e) {}

    /** The timeout of the next wait for input; null waits as long as it takes. */
    Duration readTimeout() {
        return null;
    }

    /** The wait for input timed out; true ends the connection. */
    boolean onReadTimeout() {
        return false;
    }

    /**
     * The {@link System#nanoTime()} deadline of the next wait for input under the listener's
     * {@link dev.weft.net.TimeLimits}, or 0 for none. Called before every read, so it must be cheap:
     * the connection's one deadline is re-armed with it, without allocating.
     */
    long waitDeadline(long now) {
        return 0;
    }

    /**
     * The {@link #waitDeadline} passed with no input: answer (HTTP 408), send a ping, or close.
     *
     * @return true to end the connection's reading (the driver has closed it), false to read on
     */
    boolean onWaitDeadline() {
        ctx.close();
        return true;
    }

    /** Whether the connection keeps reading after close() (to receive a closing handshake). */
    boolean readsWhileClosing() {
        return false;
    }

    /** close() was called on an established connection: say goodbye in the protocol, if it has a way. */
    void closing() {}

    /**
     * The connection has ended (its socket is closed): free what the driver holds outside the heap.
     * Called once, by the connection's coroutine; a {@link #send} racing with it must fail cleanly.
     */
    void released() {}

    /** Ends the connection the way a retiring worker does; by default: flush, then close. */
    void retire() {
        ctx.close();
    }

    /**
     * Called now and then by the listener's sweeper when the listener has a response timeout:
     * answers a request that has waited too long for its handler.
     */
    void checkDeadline(long nowNanos) {}

    /** The time left until a {@link System#nanoTime()} deadline, as a read timeout (zero once passed). */
    static Duration until(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Whether no message is half received or being handled. */
    boolean idle() {
        return true;
    }
}
