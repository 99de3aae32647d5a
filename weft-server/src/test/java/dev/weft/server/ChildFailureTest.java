package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildFailureTest {

    @Test
    void aKilledChildIsReplacedInTheSameSlotAndItsExitStatusCounted(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "2"), 2)) {
            List<Long> before = c.pids("web");
            Cluster.signal(before.get(0), "KILL");

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<Long> now = c.pids("web");
                return now.size() == 2 && !now.get(0).equals(before.get(0));
            });
            c.awaitIdle(2);
            List<Long> after = c.pids("web");
            assertThat(after.get(1)).isEqualTo(before.get(1));
            JsonNode status = c.status();
            assertThat(status.path("processes").get(0).path("id").asInt()).isZero();
            assertThat(status.path("exit_info").toString()).contains("{\"worker\":\"web\",\"status\":137,\"count\":1}");
            assertThat(c.log()).contains("worker[web:" + before.get(0) + "] exit with status 137");
            assertThat(c.events()).contains("exit web 137 " + before.get(0));
        }
    }

    @Test
    void aChildStuckInACpuLoopShowsBusyAndIsReplacedAfterTheHeartbeatTimeout(@TempDir Path dir) throws Exception {
        Map<String, String> props = Map.of("app.count", "1", "app.heartbeatMs", "3000", "app.commandTimeoutMs", "500");
        try (Cluster c = Cluster.start(dir, props, 1)) {
            long stuck = c.pids("web").get(0);
            int port = c.port("web");
            Thread.ofVirtual().start(() -> {
                try (KeepAliveClient client = new KeepAliveClient(port)) {
                    client.get("/spin");
                } catch (Exception expected) {
                    // the stuck child is killed: no answer ever comes
                }
            });
            Cluster.CliResult busy = null;
            for (int i = 0; i < 10; i++) {
                busy = c.cli("status", "--json");
                if (busy.out().contains("\"busy\"")) break;
            }
            JsonNode row = Cluster.json(busy.out()).path("processes").get(0);
            assertThat(row.path("pid").asLong()).isEqualTo(stuck);
            assertThat(row.path("status").asText()).isEqualTo("busy");

            await().atMost(Duration.ofSeconds(30)).until(() -> !c.pids("web").contains(stuck));
            c.awaitIdle(1);
            assertThat(c.log()).contains("worker[web:" + stuck + "] did not answer heartbeats");
            assertThat(c.status().path("exit_info").toString()).contains("\"status\":137");
        }
    }

    @Test
    void aCrashLoopBacksOffExponentially(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1", "app.crash", "true"), 0)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> c.log().contains("respawn in 800 ms"));
            String log = c.log();
            assertThat(log)
                    .contains(
                            "crashed 1 time(s) in a row; respawn in 100 ms",
                            "crashed 2 time(s) in a row; respawn in 200 ms",
                            "crashed 3 time(s) in a row; respawn in 400 ms");
            assertThat(c.status().path("exit_info").toString()).contains("\"status\":3");
            assertThat(c.cli("stop").code()).isZero();
        }
    }

    @Test
    void childrenExitWhenTheMasterIsKilled(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "2"), 2)) {
            List<ProcessHandle> kids = c.master.descendants().toList();
            assertThat(kids).hasSize(2);
            Cluster.signal(c.master.pid(), "KILL");
            for (ProcessHandle k : kids) k.onExit().get(20, TimeUnit.SECONDS);
            assertThat(kids).noneMatch(ProcessHandle::isAlive);
        }
    }
}
