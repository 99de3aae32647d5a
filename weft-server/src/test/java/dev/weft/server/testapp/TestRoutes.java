package dev.weft.server.testapp;

import dev.weft.coroutine.Co;
import dev.weft.net.Connection;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import java.time.Duration;

/**
 * The test app's HTTP routes, served by the real weft-net HTTP worker: {@code /} hello,
 * {@code /slow?ms=N} (sleeps in the connection's coroutine; answers {@code cancelled after ...} when
 * {@code co cancel} ends the sleep early), {@code /naps?ms=N&total=T} (sleeps N ms at a time until T ms
 * have passed, so its coroutine grows old while its current suspension stays young), {@code /spin}
 * (a CPU loop that holds the child's only carrier thread, so it stops answering the master),
 * {@code /pid}, {@code /publish?topic=T&msg=M[&n=N]} (publishes M, or N messages M-0 ... M-(N-1), to topic T
 * and answers how many left this process).
 */
final class TestRoutes {
    static volatile boolean spinForever = true;

    private TestRoutes() {}

    static void handle(Connection c, HttpRequest r) {
        c.send(Response.text(body(r)));
    }

    private static String body(HttpRequest r) {
        return switch (r.path()) {
            case "/slow" -> {
                long ms = Long.parseLong(r.query().get("ms"));
                long t0 = System.nanoTime();
                if (!Co.sleep(Duration.ofMillis(ms))) {
                    yield "cancelled after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + Co.lastError();
                }
                yield "slow " + ms;
            }
            case "/naps" -> {
                long ms = Long.parseLong(r.query().get("ms"));
                long end = System.nanoTime() + Long.parseLong(r.query().get("total")) * 1_000_000;
                int naps = 0;
                while (System.nanoTime() < end) {
                    Co.sleep(Duration.ofMillis(ms));
                    naps++;
                }
                yield "naps " + naps;
            }
            case "/spin" -> {
                long x = 0;
                while (spinForever) {
                    x++;
                }
                yield "unreachable " + x;
            }
            case "/pid" -> Long.toString(ProcessHandle.current().pid());
            case "/publish" -> {
                dev.weft.server.Topic topic =
                        dev.weft.server.Weft.topic(r.query().get("topic"));
                String msg = r.query().get("msg");
                String n = r.query().get("n");
                int sent = 0;
                if (n == null) {
                    if (topic.publish(msg)) sent++;
                } else {
                    for (int i = 0; i < Integer.parseInt(n); i++) if (topic.publish(msg + "-" + i)) sent++;
                }
                yield "published " + sent;
            }
            default -> "hello";
        };
    }
}
