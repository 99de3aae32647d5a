package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Worker.responseTimeout}, in a real worker process of a real master. */
class ResponseTimeoutTest {

    @Test
    void aRequestNotAnsweredWithinTheWorkersResponseTimeoutGets503(@TempDir Path dir) throws Exception {
        Map<String, String> props = Map.of("app.count", "1", "app.responseTimeoutMs", "500");
        try (Cluster c = Cluster.start(dir, props, 1)) {
            int port = c.port("web");
            try (KeepAliveClient client = new KeepAliveClient(port)) {
                assertThat(client.get("/").body()).isEqualTo("hello");
                long t0 = System.nanoTime();
                KeepAliveClient.Response slow = client.get("/slow?ms=60000");
                assertThat(slow.status()).isEqualTo(503);
                assertThat(slow.close()).as("Connection: close").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
                // A handler that answers in time is not touched; the client reconnects after the close.
                assertThat(client.get("/slow?ms=50").body()).isEqualTo("slow 50");
            }
            await().untilAsserted(() -> assertThat(c.log()).contains("no response within PT0.5S; answered 503"));
            // The slow handler's sleep was cancelled, so its coroutine is gone, not left sleeping for a minute.
            await().until(() ->
                    c.status().path("processes").get(0).path("coroutines").asInt() == 0);
        }
    }
}
