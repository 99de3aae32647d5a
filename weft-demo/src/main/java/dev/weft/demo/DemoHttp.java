package dev.weft.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.CoroutineJson;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.net.HttpConnection;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.routing.Router;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The demo's HTTP routes, on a {@link Router}: {@code GET /} (hello), {@code /json}, {@code /sleep?ms=}
 * (sleeps in the connection's coroutine; a {@code co cancel} of that coroutine ends the sleep at once and
 * the answer says so), {@code /coroutines} (this process's coroutines as JSON) and {@code /spawn} ({@link Spawn}). Any other path is 404,
 * another method on these paths 405 (the router's own answers); {@code HEAD} works wherever {@code GET}
 * does.
 */
final class DemoHttp {
    private static final long MAX_SLEEP_MS = 600_000;
    /** Constant answers are built once: a Response is immutable, so every request may send the same one. */
    private static final Response HELLO = Response.text("hello");

    private static final Response SLEEP_RANGE =
            Response.text(400, "ms must be a number from 0 to " + MAX_SLEEP_MS + "\n");

    /** Built once per process (the demo's JSON carries the process's pid). */
    private static final Response JSON = Response.json(
            "{\"message\":\"hello\",\"pid\":" + ProcessHandle.current().pid() + "}");

    /** The routes; shared by the http and https Workers (a Router is safe for every connection at once). */
    static final Router ROUTER = new Router()
            .get("/", (c, r) -> c.send(HELLO))
            .get("/json", (c, r) -> c.send(JSON))
            .get("/sleep", DemoHttp::sleep)
            .get("/coroutines", (c, r) -> c.send(coroutines()))
            .get("/spawn", (c, r) -> c.send(Spawn.handle(r.query())))
            .notFound((c, r) -> c.send(Response.text(404, "not found: " + r.path() + "\n")));

    private DemoHttp() {}

    /** A route may block: the sleep suspends only this connection's coroutine. */
    private static void sleep(HttpConnection c, HttpRequest r) {
        long ms = r.query().getLong("ms", 1000); // not a number: the connection answers 400 with the reason
        if (ms < 0 || ms > MAX_SLEEP_MS) {
            c.send(SLEEP_RANGE);
            return;
        }
        long start = System.nanoTime();
        boolean slept = Co.sleep(Duration.ofMillis(ms));
        long took = (System.nanoTime() - start) / 1_000_000;
        c.send(
                slept
                        ? Response.text("slept " + ms + " ms\n")
                        : Response.text("cancelled after " + took + " ms (" + Co.lastError() + ")\n")
                                .withHeader("X-Weft-Cancelled", "true"));
    }

    private static Response coroutines() {
        List<Coroutine> live = Co.list();
        live.sort(Comparator.comparingLong(Coroutine::id));
        ObjectNode doc = JsonNodeFactory.instance
                .objectNode()
                .put("pid", ProcessHandle.current().pid());
        ArrayNode list = doc.putArray("coroutines");
        for (Coroutine co : live) {
            if (!co.isSystem()) {
                list.add(CoroutineJson.coroutine(co));
            }
        }
        doc.put("count", list.size());
        return Response.json(doc.toString());
    }
}
