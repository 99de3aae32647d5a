package dev.weft.net;

import dev.weft.net.http.Response;

/**
 * An HTTP connection as an {@code http://} or {@code https://} listener's typed handlers see it: it
 * answers the current request with a {@link Response}. Requests are answered in order, one answer
 * each; a handler may answer from another coroutine. Never blocks (a file or stream body is written by
 * the connection's own coroutine).
 */
public interface HttpConnection extends ConnectionBase {
    /**
     * Answers the current request.
     *
     * @param response the answer
     * @return false if the request was answered already, or the connection is closing or closed
     */
    boolean send(Response response);

    /**
     * Answers the current request {@code 200} with a UTF-8 {@code text/plain} body, as {@code
     * send(Response.text(text))}.
     *
     * @param text the body
     * @return false if the request was answered already, or the connection is closing or closed
     */
    boolean send(String text);

    /**
     * Answers the current request, then closes the connection.
     *
     * @param response the answer
     */
    void close(Response response);
}
