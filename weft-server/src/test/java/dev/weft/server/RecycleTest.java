package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recycling at maxRequests on real processes: new process first, no failed request, counted in status. */
class RecycleTest {

    @Test
    void aProcessPastMaxRequestsIsReplacedWithoutAFailedRequest(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1", "app.maxRequests", "50"), 1)) {
            int port = c.port("web");
            long first = c.pids("web").get(0);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong ok = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Thread client = Thread.ofPlatform().start(() -> {
                try (KeepAliveClient k = new KeepAliveClient(port, new AtomicLong())) {
                    while (running.get()) {
                        try {
                            var r = k.get("/");
                            if (r.status() == 200) ok.incrementAndGet();
                            else failures.add("bad response " + r);
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode s = c.statusOrNull();
                return s != null
                        && s.path("processes").size() == 1
                        && s.path("processes").get(0).path("pid").asLong() != first
                        && s.path("recycled").path(0).path("count").asLong() >= 1;
            });
            long okAtRecycle = ok.get();
            await().until(() -> ok.get() > okAtRecycle + 10);
            running.set(false);
            client.join();

            assertThat(failures).isEmpty();
            JsonNode row = c.status().path("processes").get(0);
            assertThat(row.path("recycles").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(row.path("restarts").asInt()).isZero();
            assertThat(row.has("uptime_s")).isTrue();
            assertThat(c.log()).contains("recycling worker[web:" + first + "]: served");
            assertThat(c.cli("status").out()).contains("recycled");
        }
    }
}
