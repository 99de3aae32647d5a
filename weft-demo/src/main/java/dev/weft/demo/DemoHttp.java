package dev.weft.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.CoroutineJson;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.net.Connection;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The demo's HTTP routes: {@code /} (hello), {@code /json}, {@code /sleep?ms=} (sleeps in the
 * connection's coroutine; a {@code co cancel} of that coroutine ends the sleep at once and the
 * answer says so), {@code /coroutines} (this process's coroutines as JSON) and {@code /spawn} ({@link Spawn}).
 */
final class DemoHttp {
    private static final long MAX_SLEEP_MS = 600_000;

    private DemoHttp() {}

    static void handle(Connection c, HttpRequest r) {
        c.send(
                switch (r.path()) {
                    case "/" -> Response.text("hello");
                    case "/json" ->
                        Response.json("{\"message\":\"hello\",\"pid\":"
                                + ProcessHandle.current().pid() + "}");
                    case "/sleep" -> sleep(r);
                    case "/coroutines" -> coroutines();
                    case "/spawn" -> Spawn.handle(r.query());
                    default ->
                        Response.status(404)
                                .header("Content-Type", "text/plain; charset=utf-8")
                                .body("not found: " + r.path() + "\n");
                });
    }

    private static Response sleep(HttpRequest r) {
        long ms;
        try {
            ms = Long.parseLong(r.query().get("ms") == null ? "1000" : r.query().get("ms"));
            if (ms < 0 || ms > MAX_SLEEP_MS) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return Response.status(400)
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .body("ms must be a number from 0 to " + MAX_SLEEP_MS + "\n");
        }
        long start = System.nanoTime();
        boolean slept = Co.sleep(Duration.ofMillis(ms));
        long took = (System.nanoTime() - start) / 1_000_000;
        return slept
                ? Response.text("slept " + ms + " ms\n")
                : Response.text("cancelled after " + took + " ms (" + Co.lastError() + ")\n")
                        .header("X-Weft-Cancelled", "true");
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
