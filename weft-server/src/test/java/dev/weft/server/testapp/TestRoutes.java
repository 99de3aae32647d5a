package dev.weft.server.testapp;

import dev.weft.coroutine.Co;
import dev.weft.net.Connection;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import java.time.Duration;

/**
 * The test app's HTTP routes, served by the real weft-net HTTP worker: {@code /} hello,
 * {@code /slow?ms=N} (sleeps in the connection's coroutine), {@code /spin} (a CPU loop that holds
 * the child's only carrier thread, so it stops answering the master), {@code /pid}.
 */
final class TestRoutes {
    static volatile boolean spinForever = true;

    private TestRoutes() {
    }

    static void handle(Connection c, HttpRequest r) {
        c.send(Response.text(body(r)));
    }

    private static String body(HttpRequest r) {
        return switch (r.path()) {
            case "/slow" -> {
                long ms = Long.parseLong(r.query().get("ms"));
                Co.sleep(Duration.ofMillis(ms));
                yield "slow " + ms;
            }
            case "/spin" -> {
                long x = 0;
                while (spinForever) {
                    x++;
                }
                yield "unreachable " + x;
            }
            case "/pid" -> Long.toString(ProcessHandle.current().pid());
            default -> "hello";
        };
    }
}
