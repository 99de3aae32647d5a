package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft-net's HTTP server against real clients: curl, the JDK HttpClient and wrk. */
class RealClientsTest {
    /** GET answers "hello PATH"; a request with a body answers "got N bytes, sum S" so uploads can be checked. */
    private static Callbacks routes() {
        return new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            byte[] body = r.body();
            if (body.length == 0) {
                c.send(Response.text("hello " + r.path()));
                return;
            }
            long sum = 0;
            for (byte b : body) {
                sum += b & 0xff;
            }
            c.send(Response.text("got " + body.length + " bytes, sum " + sum));
        });
    }

    private static Cli.Result curl(String... args) throws Exception {
        assertThat(Cli.installed("curl"))
                .as("curl must be installed for this test")
                .isTrue();
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "20"));
        cmd.addAll(List.of(args));
        Cli.Result r = Cli.run(null, 30, cmd);
        assertThat(r.code()).as("curl exit code; stderr: " + r.err()).isZero();
        return r;
    }

    private static Path file(Path dir, int size) throws Exception {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31);
        }
        return Files.write(dir.resolve("body-" + size), b);
    }

    private static long sum(Path p) throws Exception {
        long s = 0;
        for (byte b : Files.readAllBytes(p)) {
            s += b & 0xff;
        }
        return s;
    }

    @Test
    void curlFetchesTwoUrlsOverOneKeepAliveConnection() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", routes())) {
            Cli.Result r = curl(
                    "-w",
                    "connects=%{num_connects}\\n",
                    f.uri("http", "/a").toString(),
                    f.uri("http", "/b").toString());
            assertThat(r.out())
                    .containsSubsequence(
                            "HTTP/1.1 200", "hello /a", "connects=1", "HTTP/1.1 200", "hello /b", "connects=0");
        }
    }

    @Test
    void curlSpeaksHttp10AndTheServerCloses() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", routes())) {
            Cli.Result r = curl("--http1.0", f.uri("http", "/old").toString());
            assertThat(r.out()).startsWith("HTTP/1.").contains("hello /old");
            assertThat(r.out().toLowerCase()).doesNotContain("transfer-encoding: chunked");
        }
    }

    @Test
    void curlPostsAChunkedBody(@TempDir Path dir) throws Exception {
        Path body = file(dir, 300_000);
        try (ServerFixture f = ServerFixture.start("http", routes())) {
            Cli.Result r = curl(
                    "-H",
                    "Transfer-Encoding: chunked",
                    "--data-binary",
                    "@" + body,
                    f.uri("http", "/up").toString());
            assertThat(r.out()).contains("HTTP/1.1 200", "got 300000 bytes, sum " + sum(body));
        }
    }

    @Test
    void curlGetsA100ContinueBeforeSendingALargeBody(@TempDir Path dir) throws Exception {
        Path body = file(dir, 2 * 1024 * 1024);
        try (ServerFixture f = ServerFixture.start("http", routes())) {
            Cli.Result r = curl(
                    "-H",
                    "Expect: 100-continue",
                    "--expect100-timeout",
                    "10",
                    "--data-binary",
                    "@" + body,
                    f.uri("http", "/big").toString());
            // With a 10 s expect timeout, only the server's 100 lets curl finish quickly with the body sent.
            assertThat(r.out())
                    .containsSubsequence(
                            "HTTP/1.1 100 Continue", "HTTP/1.1 200", "got 2097152 bytes, sum " + sum(body));
        }
    }

    @Test
    void theJdkHttpClientPostsConcurrentlyOverHttp11() throws Exception {
        try (ServerFixture f = ServerFixture.start("http", routes());
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            List<CompletableFuture<HttpResponse<String>>> all = IntStream.range(0, 16)
                    .mapToObj(i -> client.sendAsync(
                            java.net.http.HttpRequest.newBuilder(f.uri("http", "/p" + i))
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x".repeat(i + 1)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();
            for (int i = 0; i < all.size(); i++) {
                HttpResponse<String> r = all.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("got " + (i + 1) + " bytes, sum " + 120L * (i + 1));
            }
        }
    }

    @Test
    void wrkSeesNoSocketErrorsAndOnly2xx() throws Exception {
        assertThat(Cli.installed("wrk"))
                .as("wrk must be installed for this test (apt-get install -y wrk)")
                .isTrue();
        try (ServerFixture f = ServerFixture.start("http", routes())) {
            Cli.Result r = Cli.run(
                    null,
                    30,
                    List.of("wrk", "-t1", "-c8", "-d2s", f.uri("http", "/").toString()));
            assertThat(r.code()).as(r.err()).isZero();
            // wrk prints these lines only when there were such errors.
            assertThat(r.out())
                    .doesNotContain("Socket errors", "Non-2xx or 3xx responses")
                    .contains("Requests/sec");
            String rps = r.out()
                    .lines()
                    .filter(l -> l.startsWith("Requests/sec"))
                    .findFirst()
                    .orElseThrow();
            assertThat(Double.parseDouble(rps.replaceAll("[^0-9.]", ""))).isPositive();
        }
    }
}
