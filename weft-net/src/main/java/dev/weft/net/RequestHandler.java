package dev.weft.net;

import dev.weft.net.http.HttpRequest;

/**
 * The typed handler of an HTTP listener ({@code Worker.http(url).onRequest(...)}, a {@code Router}'s
 * routes): it gets each request with the connection that answers it. It runs in the connection's
 * coroutine, so it may block in any Weft operation; the next request of the connection waits for its
 * answer.
 */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Handles one request. An exception is logged and answered 500 with {@code Connection: close}; a
     * {@link dev.weft.net.http.BadRequestException} is answered 400 with its message.
     *
     * @param connection answers the request
     * @param request the request
     * @throws Exception anything the handler throws; see above
     */
    void onRequest(HttpConnection connection, HttpRequest request) throws Exception;
}
