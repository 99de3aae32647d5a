package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} and {@code /readyz} on a real master, asked by a real HTTP client. */
class HealthEndpointTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthAndReadinessAreJsonOnTheHealthAndMetricsAddressesAndReadinessFollowsTheSlots(@TempDir Path dir)
            throws Exception {
        int healthPort = freePort();
        int metricsPort = freePort();
        try (Cluster c = Cluster.startWith(
                dir,
                Map.of("app.count", "2"),
                2,
                List.of(),
                Map.of(),
                "--health",
                "127.0.0.1:" + healthPort,
                "--metrics",
                "127.0.0.1:" + metricsPort)) {
            for (int port : List.of(healthPort, metricsPort)) {
                HttpResponse<String> live = get(port, "/healthz");
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.headers().firstValue("Content-Type")).hasValue("application/json");
                JsonNode h = Cluster.json(live.body());
                assertThat(h.path("status").asText()).isEqualTo("ok");
                assertThat(h.path("pid").asLong()).isEqualTo(c.master.pid());

                HttpResponse<String> ready = get(port, "/readyz");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                JsonNode r = Cluster.json(ready.body());
                assertThat(r.path("ready").asBoolean()).isTrue();
                assertThat(r.path("workers").path("web").path("slots").asInt()).isEqualTo(2);
                assertThat(r.path("workers").path("web").path("ready").asInt()).isEqualTo(2);
            }
            assertThat(get(healthPort, "/metrics").statusCode())
                    .as("the health address serves health only")
                    .isEqualTo(404);
            assertThat(post(healthPort, "/readyz").statusCode()).isEqualTo(405);

            // A slot without a ready child: scaling up makes one (a new JVM takes far longer to become
            // ready than this request takes); /readyz says 503 until it is ready.
            assertThat(c.cli("scale", "web", "3").code()).isZero();
            HttpResponse<String> notReady = get(healthPort, "/readyz");
            assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
            JsonNode r = Cluster.json(notReady.body());
            assertThat(r.path("ready").asBoolean()).isFalse();
            assertThat(r.path("reason").asText()).isEqualTo("worker web has 2 of 3 slots ready");
            c.awaitIdle(3);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(healthPort, "/readyz").statusCode() == 200);
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
