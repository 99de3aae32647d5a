package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Monitor configured on the Worker (TestApp's {@code app.monitor*}) in real child processes. */
class MonitorPolicyTest {

    @Test
    void theMonitorKillsExactlyTheOverAgeCoroutinesMatchingItsPatternAndLogsIt(@TempDir Path dir) throws Exception {
        Map<String, String> props = Map.of(
                "app.count",
                "2",
                "app.monitorMs",
                "200",
                "app.monitorKillOlderThanMs",
                "1000",
                "app.monitorMatch",
                "^sleep$");
        try (Cluster c = Cluster.start(dir, props, 2)) {
            int port = c.port("web");
            try (PendingGet idle = PendingGet.send(port, "/");
                    PendingGet young = PendingGet.send(port, "/slow?ms=300");
                    PendingGet old1 = PendingGet.send(port, "/slow?ms=60000");
                    PendingGet old2 = PendingGet.send(port, "/slow?ms=60000")) {
                assertThat(idle.response(Duration.ofSeconds(20))).isEqualTo("hello");
                // The idle connection now waits in a socket read: over age soon, but not a "sleep".
                assertThat(young.response(Duration.ofSeconds(20))).isEqualTo("slow 300");
                assertThat(old1.response(Duration.ofSeconds(30)))
                        .as("killed: answered 503, then closed")
                        .isEqualTo(PendingGet.KILLED);
                assertThat(old2.response(Duration.ofSeconds(30)))
                        .as("killed: answered 503, then closed")
                        .isEqualTo(PendingGet.KILLED);
                assertThat(idle.next("/")).isEqualTo("hello");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> killedInLog(c.log()) == 2);
            assertThat(c.log()).containsPattern("pid=\\d+ live=\\d+ suspended=\\d+ system=\\d+ oldest_coroutine_ms=");
        }
    }

    /** The sum of {@code killed=N} over the monitors' key=value lines. */
    private static int killedInLog(String log) {
        var m = Pattern.compile(" killed=(\\d+) ").matcher(log);
        int n = 0;
        while (m.find()) n += Integer.parseInt(m.group(1));
        return n;
    }
}
