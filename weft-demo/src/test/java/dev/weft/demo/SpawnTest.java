package dev.weft.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.net.http.Parameters;
import dev.weft.net.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code /spawn}: sleeping coroutines named {@code spawned}, counted per process, bad input answered 400. */
class SpawnTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Response get(String query) {
        return Spawn.handle(Parameters.parseUrlEncoded(query, 10));
    }

    private static long spawnedNow() {
        return Co.list().stream().filter(c -> c.name().equals("spawned")).count();
    }

    @Test
    void startsNSleepingCoroutinesNamedSpawnedAndSaysHowManyTheProcessHolds() throws Exception {
        long before = spawnedNow();
        Response r = get("n=5&ms=60000");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
        assertThat(body.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(body.path("spawned").asLong()).isEqualTo(5);
        assertThat(body.path("total").asLong()).isGreaterThanOrEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> spawnedNow() == before + 5);
        for (Coroutine c : Co.list()) {
            if (c.name().equals("spawned")) Co.kill(c.id());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> spawnedNow() == 0);
        JsonNode after = JSON.readTree(new String(get("n=1&ms=0").body(), StandardCharsets.UTF_8));
        assertThat(after.path("total").asLong())
                .as("the killed ones left the count")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void badNOrMsIsA400() {
        for (String q : new String[] {"n=0", "n=-1", "n=abc", "n=1000001", "ms=-5", "ms=x", "n=1&ms=3600001"}) {
            assertThat(get(q).status()).as(q).isEqualTo(400);
        }
    }
}
