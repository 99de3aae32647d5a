package dev.weft.server;

import dev.weft.net.Connection;
import dev.weft.net.HttpConnection;
import dev.weft.net.RequestHandler;
import dev.weft.net.http.HttpRequest;
import java.util.Objects;

/**
 * An {@code http://}, {@code https://} or {@code http+unix://} Worker with typed handlers ({@link
 * Worker#http}): each request is an {@link HttpRequest}, answered through an {@link HttpConnection}.
 * A {@link dev.weft.net.routing.Router} is a {@link RequestHandler}:
 *
 * <pre>{@code
 * Worker.http("http://0.0.0.0:8080").name("web").count(4)
 *         .onRequest(new Router().get("/", (c, r) -> c.send(Response.text("hello"))));
 * }</pre>
 */
public final class HttpWorker extends TypedWorker<HttpConnection, HttpWorker> {
    HttpWorker(Worker worker) {
        super(worker);
    }

    /**
     * Sets the handler of every request (replacing any {@code onMessage}). It runs in the connection's
     * coroutine and may block; see {@link RequestHandler} for failures.
     */
    public HttpWorker onRequest(RequestHandler handler) {
        Objects.requireNonNull(handler);
        worker().onMessage((Connection c, HttpRequest r) -> handler.onRequest((HttpConnection) c, r));
        return this;
    }

    @Override
    HttpWorker self() {
        return this;
    }

    @Override
    HttpConnection view(Connection c) {
        return (HttpConnection) c;
    }
}
