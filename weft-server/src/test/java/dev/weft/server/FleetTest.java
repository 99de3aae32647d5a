package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two masters of one app as a fleet: each with its own run directory and ports, both answering the app's
 * control channel on a real Redis, each calling itself another host ({@code WEFT_HOSTNAME}). {@code co ...
 * --redis URL} from either machine shows every process grouped by host and acts on a coroutine of the other
 * machine. Uses {@code WEFT_REDIS_URL} when set, else starts a {@code redis-server} of its own.
 */
class FleetTest {
    private static final String SECRET = "fleet-secret-0123456789abcdef";
    private static LocalRedis redis;

    @BeforeAll
    static void redis() throws IOException {
        redis = LocalRedis.start();
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        redis.close();
    }

    @Test
    void coWithRedisShowsEveryMachineGroupedByHostAndActsOnAnyOfThem(@TempDir Path a, @TempDir Path b)
            throws Exception {
        try (Cluster east = Cluster.startWith(a, Map.of("app.count", "2"), 2, List.of(), env("east"));
                Cluster west = Cluster.startWith(b, Map.of("app.count", "2"), 2, List.of(), env("west"))) {
            assertThat(east.runDir).isNotEqualTo(west.runDir);
            assertThat(east.port("web")).isNotEqualTo(west.port("web"));
            String[] redisArgs = {"--redis", redis.url, "--app", "fleet", "--timeout", "2s"};

            // The children subscribe after they report ready: wait until all four answer.
            JsonNode[] list = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Cluster.CliResult r = east.cli(cat(new String[] {"co", "list", "--json"}, redisArgs));
                if (r.code() != 0) return false;
                list[0] = Cluster.json(r.out());
                return list[0].path("processes").size() == 4;
            });
            assertThat(list[0].path("hosts").path("fleet-east").asInt()).isEqualTo(2);
            assertThat(list[0].path("hosts").path("fleet-west").asInt()).isEqualTo(2);
            List<Long> pids = new ArrayList<>();
            for (JsonNode p : list[0].path("processes")) pids.add(p.path("pid").asLong());
            List<Long> expected = new ArrayList<>(east.pids("web"));
            expected.addAll(west.pids("web"));
            assertThat(pids).containsExactlyInAnyOrderElementsOf(expected);

            Cluster.CliResult table = east.cli(cat(new String[] {"co", "list"}, redisArgs));
            assertThat(table.code()).as(table.err()).isZero();
            assertThat(table.out()).contains("host fleet-east (2 processes)", "host fleet-west (2 processes)");
            assertThat(table.out().indexOf("host fleet-east"))
                    .isLessThan(table.out().indexOf("host fleet-west"));

            Cluster.CliResult summary = west.cli(cat(new String[] {"co", "summary", "--json"}, redisArgs));
            assertThat(summary.code()).as(summary.err()).isZero();
            JsonNode s = Cluster.json(summary.out());
            assertThat(s.path("processes").asInt()).isEqualTo(4);
            assertThat(s.path("hosts").path("fleet-east").path("processes").asInt())
                    .isEqualTo(2);
            assertThat(s.path("hosts").path("fleet-west").path("processes").asInt())
                    .isEqualTo(2);

            // Acting across machines: a command typed on east cancels a sleep on west.
            try (PendingGet g = PendingGet.send(west.port("web"), "/slow?ms=60000")) {
                long[] target = new long[2];
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    Cluster.CliResult r = west.cli("co", "list", "--jsonl", "--match", "^sleep$");
                    for (String line : r.out().split("\n")) {
                        if (line.isBlank()) continue;
                        JsonNode row = Cluster.json(line);
                        target[0] = row.path("pid").asLong();
                        target[1] = row.path("id").asLong();
                        return true;
                    }
                    return false;
                });
                Cluster.CliResult cancel =
                        east.cli(cat(new String[] {"co", "cancel", target[0] + ":" + target[1], "--json"}, redisArgs));
                assertThat(cancel.code()).as(cancel.out() + cancel.err()).isZero();
                JsonNode processes = Cluster.json(cancel.out()).path("processes");
                assertThat(processes).hasSize(1);
                assertThat(processes.get(0).path("host").asText()).isEqualTo("fleet-west");
                assertThat(processes.get(0).path("result").path("cancelled").asBoolean())
                        .isTrue();
                assertThat(g.response(Duration.ofSeconds(20))).startsWith("cancelled after");
            }
        }
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Map<String, String> env(String host) {
        Map<String, String> env = new HashMap<>();
        env.put("WEFT_CONTROL_REDIS", redis.url);
        env.put("WEFT_APP", "fleet");
        env.put("WEFT_CONTROL_SECRET", SECRET);
        env.put("WEFT_HOSTNAME", "fleet-" + host);
        return env;
    }
}
