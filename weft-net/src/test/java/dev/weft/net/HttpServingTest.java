package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Co;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.server.NetStats;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpServingTest {
    private static Callbacks hello() {
        return new Callbacks().onMessage((Connection c, HttpRequest r) -> c.send(Response.text("hello " + r.path())));
    }

    @Test
    void answersTheJdkHttpClientOverKeepAlive() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", hello());
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = client.send(
                        java.net.http.HttpRequest.newBuilder(f.uri("http", "/n" + i))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("hello /n" + i);
                assertThat(r.headers().firstValue("content-type"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            }
            assertThat(NetStats.totalRequest()).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", hello());
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream()
                    .write(("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                                    + "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).containsSubsequence("hello /a", "hello /b", "hello /c");
            assertThat(all).contains("Connection: close");
        }
    }

    @Test
    void aPipelinedBatchOfSixteenIsAnsweredInOrder() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", hello());
                Socket s = new Socket("127.0.0.1", f.port)) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                batch.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            s.getOutputStream().write(batch.toString().getBytes(StandardCharsets.US_ASCII));
            // Gathered into one write at the end of the batch (the speed shows in pipeline16 of http-vs-netty).
            s.setSoTimeout(5000);
            String answers = readUntil(s.getInputStream(), "hello /p15");
            String[] expected = new String[16];
            for (int i = 0; i < 16; i++) {
                expected[i] = "hello /p" + i;
            }
            assertThat(answers).containsSubsequence(expected);
            assertThat(NetStats.totalRequest()).isGreaterThanOrEqualTo(16);
        }
    }

    @Test
    void aSlowAnswerInAPipelinedBatchDoesNotHoldBackTheAnswersBeforeIt() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            if (r.path().equals("/slow")) {
                Co.go(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    c.send(Response.text("slow done"));
                });
            } else {
                c.send(Response.text("hello " + r.path()));
            }
        });
        try (ServerFixture f = ServerFixture.start("http", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream()
                    .write(("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                                    + "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            assertThat(readUntil(in, "hello /a")).doesNotContain("slow done");
            release.countDown();
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(rest).containsSubsequence("slow done", "hello /c");
        }
    }

    /** Reads until {@code marker} has arrived; fails on end of stream or the socket timeout. */
    private static String readUntil(InputStream in, String marker) throws java.io.IOException {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[8192];
        while (got.indexOf(marker) < 0) {
            int n = in.read(buf);
            assertThat(n).as("end of stream before %s in %s", marker, got).isPositive();
            got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
        }
        return got.toString();
    }

    @Test
    void answersHttp10WithoutKeepAliveAndCloses() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", hello());
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write("GET /old HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).startsWith("HTTP/1.1 200").contains("hello /old");
        }
    }

    @Test
    void malformedRequestGets400AndTheServerKeepsServingOthers() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", hello());
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            try (Socket s = new Socket("127.0.0.1", f.port)) {
                s.getOutputStream()
                        .write("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(all).startsWith("HTTP/1.1 400");
            }
            HttpResponse<String> r = client.send(
                    java.net.http.HttpRequest.newBuilder(f.uri("http", "/ok")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("hello /ok");
        }
    }

    @Test
    void aThrowingHandlerGets500ClosesOnlyItsConnectionAndIsCounted() throws Exception {
        long before = NetStats.throwException();
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            if (r.path().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            c.send(Response.text("fine"));
        });
        try (ServerFixture f = ServerFixture.start("http", cb);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            try (Socket s = new Socket("127.0.0.1", f.port)) {
                s.getOutputStream().write("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 500 ");
            }
            assertThat(NetStats.throwException()).isEqualTo(before + 1);
            assertThat(client.send(
                                    java.net.http.HttpRequest.newBuilder(f.uri("http", "/"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .isEqualTo("fine");
        }
    }

    @Test
    void cancellingAHandlersSleepLetsItAnswerThatItWasCancelled() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            boolean slept = Co.sleep(Duration.ofSeconds(30));
            c.send(Response.text(slept ? "slept" : "cancelled"));
        });
        try (ServerFixture f = ServerFixture.start("http", cb);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                    java.net.http.HttpRequest.newBuilder(f.uri("http", "/sleep"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            await().until(() ->
                    Co.suspensions().stream().anyMatch(s -> s.event().equals("sleep")));
            Co.suspensions().stream().filter(s -> s.event().equals("sleep")).forEach(s -> Co.cancel(s.coroutineId()));
            assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("cancelled");
        }
    }

    @Test
    void cancellingAConnectionWaitingForInputKeepsItServing() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", hello());
                Socket s = new Socket("127.0.0.1", f.port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            await().until(() -> f.server.connectionCount() == 1
                    && f.server.connections().getFirst().coroutine() != null
                    && f.server.connections().getFirst().coroutine().suspension() != null);
            long cid = f.server.connections().getFirst().coroutine().id();
            assertThat(Co.cancel(cid)).isTrue();
            out.write(
                    "GET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).contains("hello /after");
        }
    }

    @Test
    void killingAConnectionsCoroutineClosesTheConnection() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", hello());
                Socket s = new Socket("127.0.0.1", f.port)) {
            await().until(() -> f.server.connectionCount() == 1
                    && f.server.connections().getFirst().coroutine() != null
                    && f.server.connections().getFirst().coroutine().suspension() != null);
            assertThat(Co.kill(f.server.connections().getFirst().coroutine().id()))
                    .isTrue();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            await().until(() -> f.server.connectionCount() == 0);
        }
    }

    @Test
    void retiringClosesAKeepAliveConnectionAfterTheNextResponse() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", hello());
                Socket s = new Socket("127.0.0.1", f.port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] first = new byte[4096];
            int n = s.getInputStream().read(first);
            assertThat(new String(first, 0, n, StandardCharsets.US_ASCII))
                    .contains("hello /1")
                    .doesNotContain("Connection: close");
            f.server.retire();
            out.write("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String rest = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(rest).contains("hello /2").contains("Connection: close");
        }
    }
}
