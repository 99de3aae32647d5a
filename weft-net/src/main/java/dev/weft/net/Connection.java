package dev.weft.net;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One peer of a network worker, as in Workerman: TCP connections (accepted by a {@link dev.weft.net.server.NetServer}) and UDP
 * peers. Every method is safe to call from any coroutine or thread.
 */
public interface Connection {
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

    /**
     * Sends a message, encoded by the listener's protocol (a {@code Response} or {@code String} for
     * HTTP; {@code String} or {@code byte[]} for WebSocket, text, frame and tcp). Never blocks: the
     * bytes go to the socket or to the send buffer.
     *
     * @return false if the connection is closing or closed, or the send buffer was full (the data
     *         is then dropped and {@code send_fail} counted); on HTTP also when the request was
     *         answered already, or when the message is none of {@code Response}, {@code String} and
     *         {@code byte[]} (the request is then answered 500 and the type logged)
     */
    boolean send(Object message);

    /** Closes the connection after the queued bytes are written. */
    void close();

    /** Sends {@code message}, then closes; see {@link #send(Object)} and {@link #close()}. */
    void close(Object message);

    /** The connection's state. */
    ConnectionStatus status();

    /** Bytes received so far. */
    long bytesRead();

    /** Bytes written to the socket so far. */
    long bytesWritten();

    /** Per-connection user data (Workerman's dynamic properties). */
    Map<String, Object> context();
}
