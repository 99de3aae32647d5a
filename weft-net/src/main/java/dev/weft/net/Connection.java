package dev.weft.net;

/**
 * One peer of a network worker, as in Workerman: TCP connections (accepted by a {@link
 * dev.weft.net.server.NetServer}) and UDP peers, with an untyped {@link #send(Object)}. This is what the
 * Workerman-style {@code onMessage} callbacks receive; the typed listeners hand out a typed view
 * instead ({@link HttpConnection}, {@link WebSocketConnection}, {@link TextConnection}, {@link
 * BinaryConnection}), whose {@code send} takes only what the scheme can send. Every method is safe to
 * call from any coroutine or thread.
 */
public interface Connection extends ConnectionBase {
    /**
     * Sends a message, encoded by the listener's protocol (a {@code Response}, {@code String} or {@code
     * byte[]} for HTTP; {@code String} or {@code byte[]} for WebSocket, text, frame and tcp). Never
     * blocks: the bytes go to the socket or to the send buffer. Which types a scheme takes is checked
     * only at run time here; the typed views check it at compile time.
     *
     * @return false if the connection is closing or closed, or the send buffer was full (the data
     *         is then dropped and {@code send_fail} counted); on HTTP also when the request was
     *         answered already, or when the message is none of {@code Response}, {@code String} and
     *         {@code byte[]} (the request is then answered 500 and the type logged)
     */
    boolean send(Object message);

    /** Sends {@code message}, then closes; see {@link #send(Object)} and {@link #close()}. */
    void close(Object message);
}
