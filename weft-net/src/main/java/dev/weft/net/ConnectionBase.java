package dev.weft.net;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What every connection offers whatever its scheme: identity, addresses, state, statistics, user
 * data, close and flow control. Sending is typed by the sub-interface a listener hands out: {@link
 * HttpConnection}, {@link WebSocketConnection}, {@link TextConnection}, {@link BinaryConnection},
 * or the untyped, Workerman-style {@link Connection}. Every method is safe to call from any
 * coroutine or thread.
 */
public interface ConnectionBase {
    /** The id, unique within the process. */
    long id();

    /**
     * The peer's address. On a Unix domain socket listener: an unresolved address whose host string is
     * {@code unix:} followed by the peer's socket path (usually empty), port 0.
     */
    InetSocketAddress remoteAddress();

    /**
     * The local address the peer connected to. On a Unix domain socket listener: an unresolved address
     * whose host string is {@code unix:<socket path>}, port 0.
     */
    InetSocketAddress localAddress();

    /** Closes the connection after the queued bytes are written. */
    void close();

    /** The connection's state. */
    ConnectionStatus status();

    /** Bytes received so far. */
    long bytesRead();

    /** Bytes written to the socket so far. */
    long bytesWritten();

    /** Per-connection user data (Workerman's dynamic properties). */
    Map<String, Object> context();

    /**
     * Stops decoding new messages, as Workerman's {@code pauseRecv}: the handler of the current message
     * finishes, what the peer sends next stays in the socket and its buffers (so the peer is slowed
     * down by TCP's flow control) until {@link #resumeRecv()}. Pipelined HTTP requests already read
     * wait too. A UDP peer has no stream to pause: there it does nothing.
     */
    void pauseRecv();

    /** Decodes messages again after {@link #pauseRecv()}, starting with those already buffered. */
    void resumeRecv();
}
