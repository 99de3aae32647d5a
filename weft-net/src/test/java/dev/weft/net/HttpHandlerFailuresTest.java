package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.internal.TcpConnection;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Every way a handler can fail to answer still answers the client: 500, 503, or its own answer after a cancel. */
class HttpHandlerFailuresTest {
    @Test
    void aHandlerThatThrowsGets500WithoutInternalsAndItsStackTraceIsLogged() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            if (r.path().equals("/boom")) {
                throw new IllegalStateException("secret: the database password");
            }
            c.send(Response.text("fine"));
        });
        try (LogCapture log = new LogCapture();
                ServerFixture f = ServerFixture.start("http", cb);
                HttpClient client = client()) {
            HttpResponse<String> r = get(client, f, "/boom");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("Internal Server Error\n").doesNotContain("secret");
            assertThat(r.headers().firstValue("connection")).hasValue("close");
            await().untilAsserted(() -> assertThat(log.containing("callback failed"))
                    .extracting(LogRecord::getThrown)
                    .anySatisfy(t -> assertThat(t).hasMessage("secret: the database password")));
            assertThat(get(client, f, "/").body()).isEqualTo("fine");
        }
    }

    @Test
    void aThrowingHandlerGets500OverARawSocketAndThenTheConnectionCloses() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            throw new IllegalArgumentException("boom");
        });
        try (ServerFixture f = ServerFixture.start("http", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = readAll(s);
            assertThat(all)
                    .startsWith("HTTP/1.1 500 ")
                    .contains("Connection: close")
                    .endsWith("Internal Server Error\n");
        }
    }

    @Test
    void sendingAnObjectHttpCannotSendGets500AndALogLineNamingItsType() throws Exception {
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, HttpRequest r) -> sent.complete(c.send(new HashMap<>(Map.of("a", 1)))));
        try (LogCapture log = new LogCapture();
                ServerFixture f = ServerFixture.start("http", cb);
                HttpClient client = client()) {
            HttpResponse<String> r = get(client, f, "/");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("Internal Server Error\n");
            assertThat(sent.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(log.containing("not a java.util.HashMap")).isNotEmpty();
        }
    }

    @Test
    void aHandlerSilentPastTheResponseTimeoutGets503AndItsWaitIsCancelled() throws Exception {
        CompletableFuture<String> handler = new CompletableFuture<>();
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            if (r.path().equals("/fast")) {
                c.send(Response.text("fast"));
                return;
            }
            boolean slept = Co.sleep(Duration.ofSeconds(30));
            boolean sent = c.send(Response.text("late"));
            handler.complete("slept=" + slept + " " + Co.lastError() + " sent=" + sent);
        });
        NetOptions options = NetOptions.defaults().withResponseTimeout(Duration.ofMillis(300));
        try (ServerFixture f = ServerFixture.start("http", cb, options);
                HttpClient client = client()) {
            assertThat(get(client, f, "/fast").body()).isEqualTo("fast");
            long start = System.nanoTime();
            HttpResponse<String> r = get(client, f, "/slow");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("Service Unavailable\n");
            assertThat(r.headers().firstValue("connection")).hasValue("close");
            assertThat(tookMs).isGreaterThanOrEqualTo(300);
            // The handler's sleep was cancelled, not killed: it went on, and its late send was refused.
            assertThat(handler.get(5, TimeUnit.SECONDS)).isEqualTo("slept=false CO_CANCELED sent=false");
            assertThat(get(client, f, "/fast").body()).isEqualTo("fast");
        }
    }

    @Test
    void withoutAResponseTimeoutASlowHandlerStillAnswers() throws Exception {
        assertThat(NetOptions.defaults().responseTimeout()).isZero();
        assertThat(NetOptions.defaults().hasResponseTimeout()).isFalse();
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            Co.sleep(Duration.ofMillis(700));
            c.send(Response.text("slow but fine"));
        });
        try (ServerFixture f = ServerFixture.start("http", cb);
                HttpClient client = client()) {
            HttpResponse<String> r = get(client, f, "/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("slow but fine");
        }
    }

    @Test
    void aKilledRequestGets503WithConnectionCloseBeforeTheConnectionCloses() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            Co.sleep(Duration.ofSeconds(30));
            c.send(Response.text("late"));
        });
        try (ServerFixture f = ServerFixture.start("http", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Coroutine handler = await().until(() -> handlerIn(f, "sleep"), c -> c != null);
            assertThat(Co.kill(handler.id())).isTrue();
            String all = readAll(s);
            assertThat(all)
                    .startsWith("HTTP/1.1 503 ")
                    .contains("Connection: close")
                    .endsWith("Service Unavailable\n")
                    .doesNotContain("late");
            await().until(() -> f.server.connectionCount() == 0);
        }
    }

    @Test
    void aRequestKilledInABlockingJdkCallGets503Too() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            entered.countDown();
            Thread.sleep(30_000);
            c.send(Response.text("late"));
        });
        try (LogCapture log = new LogCapture();
                ServerFixture f = ServerFixture.start("http", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Co.kill(f.server.connections().getFirst().coroutine().id()))
                    .isTrue();
            assertThat(readAll(s)).startsWith("HTTP/1.1 503 ").contains("Connection: close");
            // The InterruptedException was the kill arriving, not a failure of the handler.
            assertThat(log.containing("callback failed")).isEmpty();
        }
    }

    @Test
    void aCancelDoesNotThrowTheHandlerGoesOnAndAnswersAsItChooses() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            if (r.path().equals("/sleep")) {
                boolean slept = Co.sleep(Duration.ofSeconds(30));
                c.send(Response.text(slept ? "slept" : "cancelled: " + Co.lastError()));
            } else {
                c.send(Response.text("next"));
            }
        });
        try (ServerFixture f = ServerFixture.start("http", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Coroutine handler = await().until(() -> handlerIn(f, "sleep"), c -> c != null);
            assertThat(Co.cancel(handler.id())).isTrue();
            // The same keep-alive connection answers the cancelled request, then the next one.
            s.getOutputStream()
                    .write("GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(s))
                    .startsWith("HTTP/1.1 200 ")
                    .containsSubsequence("cancelled: CO_CANCELED", "HTTP/1.1 200 ", "next");
        }
    }

    /** The coroutine of the only connection, once it waits in {@code event}; null until then. */
    private static Coroutine handlerIn(ServerFixture f, String event) {
        if (f.server.connectionCount() != 1) {
            return null;
        }
        TcpConnection c = f.server.connections().getFirst();
        Coroutine co = c.coroutine();
        Suspension s = co == null ? null : co.suspension();
        return s != null && s.event().equals(event) ? co : null;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpResponse<String> get(HttpClient client, ServerFixture f, String path)
            throws IOException, InterruptedException {
        return client.send(
                java.net.http.HttpRequest.newBuilder(f.uri("http", path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Everything the server sends until it closes the connection (bounded, so a hang fails the test). */
    private static String readAll(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}
