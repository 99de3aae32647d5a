package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code co ... --redis URL --app NAME} against real children that subscribe to Redis because their
 * master's environment has {@code WEFT_CONTROL_REDIS}/{@code WEFT_APP}/{@code WEFT_CONTROL_SECRET}.
 * Uses {@code WEFT_REDIS_URL} when set, else starts a {@code redis-server} of its own.
 */
class RedisCoControlTest {
    private static LocalRedis redis;
    private static String url;

    @BeforeAll
    static void redis() throws IOException {
        redis = LocalRedis.start();
        url = redis.url;
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        redis.close();
    }

    @Test
    void theCliReachesEveryChildOfItsAppAndOnlyThePidItNames(@TempDir Path a, @TempDir Path b) throws Exception {
        try (Cluster alpha = Cluster.startWith(a, Map.of("app.count", "2"), 2, List.of(), env("alpha"));
                Cluster beta = Cluster.startWith(b, Map.of("app.count", "2"), 2, List.of(), env("beta"))) {
            List<Long> alphaPids = alpha.pids("web");
            // The children subscribe after they report ready; wait until both answer over Redis.
            Cluster.CliResult[] list = new Cluster.CliResult[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                list[0] = alpha.cli("co", "list", "--redis", url, "--app", "alpha", "--json", "--timeout", "2s");
                return list[0].code() == 0
                        && Cluster.json(list[0].out()).path("processes").size() == 2;
            });
            List<Long> answered = new ArrayList<>();
            for (JsonNode p : Cluster.json(list[0].out()).path("processes")) {
                assertThat(p.path("worker").asText()).isEqualTo("web");
                answered.add(p.path("pid").asLong());
            }
            assertThat(answered)
                    .as("alpha's children, not beta's " + beta.pids("web"))
                    .containsExactlyInAnyOrderElementsOf(alphaPids);

            try (PendingGet g = PendingGet.send(alpha.port("web"), "/slow?ms=60000")) {
                long[] target = new long[2];
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    Cluster.CliResult r = alpha.cli("co", "list", "--json");
                    for (JsonNode p : Cluster.json(r.out()).path("processes")) {
                        for (JsonNode co : p.path("result").path("coroutines")) {
                            if (co.path("suspension").path("event").asText().equals("sleep")) {
                                target[0] = p.path("pid").asLong();
                                target[1] = co.path("id").asLong();
                                return true;
                            }
                        }
                    }
                    return false;
                });
                Cluster.CliResult cancel = alpha.cli(
                        "co",
                        "cancel",
                        target[0] + ":" + target[1],
                        "--redis",
                        url,
                        "--app",
                        "alpha",
                        "--json",
                        "--timeout",
                        "2s");
                assertThat(cancel.code()).as(cancel.out() + cancel.err()).isZero();
                JsonNode processes = Cluster.json(cancel.out()).path("processes");
                assertThat(processes).as("the other child skipped it").hasSize(1);
                assertThat(processes.get(0).path("pid").asLong()).isEqualTo(target[0]);
                assertThat(processes.get(0).path("result").path("cancelled").asBoolean())
                        .isTrue();
                assertThat(g.response(Duration.ofSeconds(20))).startsWith("cancelled after");
            }
        }
    }

    private static Map<String, String> env(String app) {
        return Map.of(
                "WEFT_CONTROL_REDIS", url, "WEFT_APP", app, "WEFT_CONTROL_SECRET", "test-secret-" + "0123456789abcdef");
    }
}
