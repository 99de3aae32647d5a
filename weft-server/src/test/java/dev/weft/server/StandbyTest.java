package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm standbys on real processes: status marks them, {@code co} commands leave them out, a SIGKILLed child's slot is taken by the standby
 * (the next request is answered by the standby's pid, not a new JVM's), a new standby starts behind it, and
 * a reload replaces the standbys with the new code and then uses them.
 */
class StandbyTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aStandbyTakesTheSlotOfAKilledChildAndAReloadRenewsIt(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1", "app.standby", "1"), 2)) {
            long serving = pid(c, "idle");
            long standby = pid(c, "standby");
            assertThat(c.status().path("processes"))
                    .as("the standby's RSS is reported like any child's")
                    .allSatisfy(p -> assertThat(p.path("memory").asLong()).isPositive());
            assertThat(c.cli("status").out()).contains("[standby]").contains("[1 standby]");
            Cluster.CliResult stats = c.cli("co", "stats", "--json");
            assertThat(stats.code()).as(stats.err()).isZero();
            JsonNode co = Cluster.json(stats.out());
            assertThat(co.path("missing"))
                    .as("a standby is not asked, so it is not missing")
                    .isEmpty();
            assertThat(co.path("processes")).hasSize(1);
            assertThat(co.path("processes").get(0).path("pid").asLong()).isEqualTo(serving);
            int port = c.port("web");

            Cluster.signal(serving, "KILL");
            assertThat(get(port)).as("the standby serves the slot").isEqualTo(Long.toString(standby));
            c.awaitIdle(2);
            long next = pid(c, "standby");
            assertThat(next).as("a new standby started behind it").isNotIn(serving, standby);
            assertThat(c.log()).contains("worker[web:" + standby + "] standby takes slot 0");

            Cluster.CliResult r = c.cli("reload");
            assertThat(r.code()).as(r.err()).isZero();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                JsonNode s = c.statusOrNull();
                if (s == null || s.path("processes").size() != 2) return false;
                List<Long> now = pids(s);
                return !now.contains(standby) && !now.contains(next) && allSettled(s);
            });
            assertThat(c.log())
                    .as("the reload used a standby of the new code")
                    .containsPattern("standby takes slot 0[\\s\\S]*reload done");
        }
    }

    private String get(int port) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pid"))
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long pid(Cluster c, String status) throws Exception {
        for (JsonNode p : c.status().path("processes"))
            if (p.path("status").asText().equals(status)) return p.path("pid").asLong();
        throw new AssertionError("no " + status + " process in " + c.status());
    }

    private static List<Long> pids(JsonNode s) {
        List<Long> pids = new ArrayList<>();
        for (JsonNode p : s.path("processes")) pids.add(p.path("pid").asLong());
        return pids;
    }

    private static boolean allSettled(JsonNode s) {
        for (JsonNode p : s.path("processes")) if (!p.path("status").asText().matches("idle|standby")) return false;
        return s.path("master").path("reload").asText("idle").equals("idle");
    }
}
