package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopTest {

    @Test
    void aChildThatDoesNotStopWithinStopTimeoutIsKilled(@TempDir Path dir) throws Exception {
        Map<String, String> props = Map.of("app.count", "1", "app.hangOnStop", "true", "app.stopTimeoutMs", "1000");
        try (Cluster c = Cluster.start(dir, props, 1)) {
            long child = c.pids("web").get(0);
            long t0 = System.nanoTime();
            Cluster.CliResult stop = c.cli("stop");
            assertThat(stop.code()).isZero();
            assertThat(c.master.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(c.log()).contains("worker[web:" + child + "] did not stop in time, SIGKILL");
            assertThat(c.events()).contains("exit web 137 " + child, "master-stop");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void gracefulStopLetsAnInFlightSlowRequestFinish(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1"), 1)) {
            int port = c.port("web");
            CompletableFuture<KeepAliveClient.Response> slow = CompletableFuture.supplyAsync(() -> {
                try (KeepAliveClient client = new KeepAliveClient(port)) {
                    return client.get("/slow?ms=2500");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The request is in flight once the child counts a running handler.
            await().until(() ->
                    c.status().path("processes").get(0).path("coroutines").asInt() == 1);

            Cluster.CliResult stop = c.cli("stop", "-g");

            assertThat(stop.code()).isZero();
            KeepAliveClient.Response r = slow.get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("slow 2500");
            assertThat(r.close())
                    .as("last response on a retiring connection says Connection: close")
                    .isTrue();
            assertThat(c.master.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(c.log()).doesNotContain("SIGKILL");
        }
    }
}
