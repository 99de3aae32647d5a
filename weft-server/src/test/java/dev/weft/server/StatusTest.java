package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusTest {

    @Test
    void statusAndConnectionsWithEightChildren(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "8"), 8)) {
            int port = c.port("web");
            List<KeepAliveClient> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                KeepAliveClient k = new KeepAliveClient(port);
                k.get("/");
                open.add(k);
            }

            Cluster.CliResult r = c.cli("status", "--json");
            assertThat(r.code()).isZero();
            JsonNode doc = Cluster.json(r.out());
            assertThat(doc.properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("master", "processes", "exit_info", "recycled");
            JsonNode m = doc.path("master");
            assertThat(m.path("pid").asLong()).isEqualTo(c.master.pid());
            assertThat(m.path("workers").asInt()).isEqualTo(1);
            assertThat(m.path("processes").asInt()).isEqualTo(8);
            for (String f : List.of("version", "java", "start_time", "uptime_s", "load"))
                assertThat(m.has(f)).as(f).isTrue();
            assertThat(doc.path("processes")).hasSize(8);
            Set<Integer> slots = new HashSet<>();
            long total = 0;
            for (JsonNode p : doc.path("processes")) {
                assertThat(p.path("pid").isIntegralNumber()).isTrue();
                assertThat(p.path("pid").asLong()).isNotEqualTo(c.master.pid());
                assertThat(p.path("worker").asText()).isEqualTo("web");
                assertThat(p.path("listening").asText()).isEqualTo("http://127.0.0.1:" + port);
                assertThat(p.path("status").asText()).isEqualTo("idle");
                assertThat(p.path("memory").asLong()).isPositive();
                for (String f : List.of(
                        "connections", "send_fail", "timers", "total_request", "qps", "coroutines", "loop_stalls")) {
                    assertThat(p.has(f)).as(f).isTrue();
                }
                slots.add(p.path("id").asInt());
                total += p.path("total_request").asLong();
            }
            assertThat(slots).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(total).isEqualTo(3);
            assertThat(doc.path("exit_info").isArray()).isTrue();

            Cluster.CliResult conns = c.cli("connections", "--json");
            assertThat(conns.code()).isZero();
            JsonNode cd = Cluster.json(conns.out());
            assertThat(cd.path("connections")).hasSize(3);
            assertThat(cd.path("busy")).isEmpty();

            // The signal forms: the master writes the file, each child appends its own row.
            Cluster.signal(c.master.pid(), "USR2");
            Path statusFile = c.runDir.resolve("app.status");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.exists(statusFile)
                            && Files.readString(statusFile).split("\\[idle]", -1).length - 1 == 8);
            assertThat(Files.readString(statusFile)).contains("GLOBAL STATUS", "PROCESS STATUS");
            Cluster.signal(c.master.pid(), "IO");
            Path connFile = c.runDir.resolve("app.connections");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.exists(connFile)
                            && Files.readAllLines(connFile).size() == 3);
            for (KeepAliveClient k : open) k.close();
        }
    }
}
