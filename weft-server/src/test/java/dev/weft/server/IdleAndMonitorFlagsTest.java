package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start --monitor ...} switches the monitor on without code; its age policy and
 * {@code co check} leave idle keep-alive clients alone unless told to include them; samples name
 * the oldest waits; {@code co list --tree} answers.
 */
class IdleAndMonitorFlagsTest {

    @Test
    void theMonitorStartedByFlagsKillsStuckWorkButNotIdleClientsAndNamesTheOldestWaits(@TempDir Path dir)
            throws Exception {
        try (Cluster c = Cluster.startWith(
                dir,
                Map.of("app.count", "1"),
                1,
                List.of(),
                Map.of(),
                "--monitor",
                "200ms",
                "--monitor-kill-older-than",
                "2s")) {
            int port = c.port("web");
            try (PendingGet idle = PendingGet.send(port, "/");
                    PendingGet stuck = PendingGet.send(port, "/slow?ms=60000")) {
                assertThat(idle.response(Duration.ofSeconds(20))).isEqualTo("hello");
                // The kept-alive connection now waits for its next request: an idle wait.
                await().atMost(Duration.ofSeconds(20)).until(() -> c.log().contains("@sleep:"));
                Cluster.CliResult check = c.cli("co", "check", "--older-than", "0s", "--json");
                assertThat(check.code()).as(check.err()).isZero();
                assertThat(events(check.out())).noneMatch(e -> e.endsWith("(idle)"));
                Cluster.CliResult all = c.cli("co", "check", "--older-than", "0s", "--include-idle", "--json");
                assertThat(events(all.out())).anyMatch(e -> e.startsWith("socket.read") && e.endsWith("(idle)"));

                assertThat(stuck.response(Duration.ofSeconds(30)))
                        .as("killed by the monitor: answered 503, then closed")
                        .isEqualTo(PendingGet.KILLED);
                // Once the idle wait is over the limit, the monitor (every 200 ms) has had its chance at it.
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                events(c.cli("co", "check", "--older-than", "2s", "--include-idle", "--json")
                                                .out())
                                        .stream()
                                        .anyMatch(e -> e.endsWith("(idle)")));
                assertThat(idle.next("/"))
                        .as("the idle client outlived the age limit")
                        .isEqualTo("hello");
            }
            assertThat(c.log()).containsPattern("oldest_suspensions=\\d+:[^ ]+@sleep:[\\d.]+ms");

            Cluster.CliResult tree = c.cli("co", "list", "--tree", "--json");
            assertThat(tree.code()).as(tree.err()).isZero();
            assertThat(Cluster.json(tree.out()).path("processes")).hasSize(1);
        }
    }

    /** The suspension events of every coroutine in a {@code co check --json} document. */
    private static List<String> events(String json) throws Exception {
        JsonNode doc = Cluster.json(json);
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode p : doc.path("processes")) {
            for (JsonNode co : p.path("result").path("coroutines")) {
                out.add(co.path("suspension").path("event").asText());
            }
        }
        return out;
    }
}
