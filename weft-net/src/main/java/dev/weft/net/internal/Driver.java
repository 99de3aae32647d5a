package dev.weft.net.internal;

import dev.weft.net.internal.protocol.FrameProtocol;
import dev.weft.net.internal.protocol.RawProtocol;
import dev.weft.net.internal.protocol.TextProtocol;
import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Speaks one protocol on one {@link TcpConnection}: turns received bytes into onMessage calls and
 * messages into bytes. One instance per connection; only the connection's coroutine calls
 * {@link #onBytes}, any coroutine may call {@link #send}.
 */
abstract class Driver {
    /** The driver for a listener's scheme. */
    static Driver forScheme(String scheme, Listener server) {
        int max = server.options().maxPackageSize();
        return switch (scheme) {
            case "http" -> new HttpDriver(server.options());
            case "websocket" -> new WebSocketDriver(server.options());
            case "text" -> new ProtocolDriver<>(new TextProtocol(max));
            case "frame" -> new ProtocolDriver<>(new FrameProtocol(max));
            case "tcp" -> new ProtocolDriver<>(new RawProtocol());
            default -> new ProtocolDriver<>(server.customProtocol());
        };
    }

    /**
     * Decodes what it can of {@code in} (position to limit) and dispatches it; leaves the rest.
     *
     * @throws ProtocolException when the peer broke the protocol: the connection closes
     */
    abstract void onBytes(TcpConnection c, ByteBuffer in);

    /** Encodes and sends {@code message}; false if it was not accepted. */
    abstract boolean send(TcpConnection c, Object message);

    /** Answers a protocol error before the connection closes (HTTP 400, WebSocket 1002...). */
    void onProtocolError(TcpConnection c, ProtocolException e) {}

    /** The timeout of the next wait for input; null waits as long as it takes. */
    Duration readTimeout() {
        return null;
    }

    /** The wait for input timed out; true ends the connection. */
    boolean onReadTimeout(TcpConnection c) {
        return false;
    }

    /** Whether the connection keeps reading after close() (to receive a closing handshake). */
    boolean readsWhileClosing() {
        return false;
    }

    /** close() was called on an established connection: say goodbye in the protocol, if it has a way. */
    void closing(TcpConnection c) {}

    /** Ends the connection the way a retiring worker does; by default: flush, then close. */
    void retire(TcpConnection c) {
        c.close();
    }

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
