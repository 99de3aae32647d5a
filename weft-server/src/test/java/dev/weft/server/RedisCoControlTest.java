package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code co ... --redis URL --app NAME} against real children that subscribe to Redis because their
 * master's environment has {@code WEFT_CONTROL_REDIS}/{@code WEFT_APP}/{@code WEFT_CONTROL_SECRET}.
 * Uses {@code WEFT_REDIS_URL} when set, else starts a {@code redis-server} of its own.
 */
class RedisCoControlTest {
    private static Process ownRedis;
    private static String url;

    @BeforeAll
    static void redis() throws IOException {
        String given = System.getenv("WEFT_REDIS_URL");
        if (given != null && !given.isBlank()) {
            url = given.trim();
            return;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ownRedis = new ProcessBuilder(
                        redisServer(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        url = "redis://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Jedis j = new Jedis(URI.create(url))) {
                return "PONG".equals(j.ping());
            }
        });
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (ownRedis != null) {
            ownRedis.destroyForcibly();
            ownRedis.waitFor();
        }
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

    private static String redisServer() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "redis-server");
            if (Files.isExecutable(p)) return p.toString();
        }
        for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        throw new AssertionError("needs a Redis: set WEFT_REDIS_URL or install redis-server");
    }
}
