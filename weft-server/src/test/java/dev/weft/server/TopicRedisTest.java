package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics across machines: two masters of the same app (two clusters, as on two machines) whose environment
 * has {@code WEFT_TOPICS_REDIS}, on a real {@code redis-server}. What a process of one publishes reaches the
 * subscribers of every process of the other, in the publisher's order.
 */
class TopicRedisTest {
    @Test
    void aMessagePublishedOnOneMachineReachesEveryProcessOfTheOther(@TempDir Path a, @TempDir Path b) throws Exception {
        try (LocalRedis redis = LocalRedis.start();
                Cluster alpha =
                        Cluster.startWith(a, Map.of("app.count", "1", "app.topic", "news"), 1, List.of(), env(redis));
                Cluster beta =
                        Cluster.startWith(b, Map.of("app.count", "2", "app.topic", "news"), 2, List.of(), env(redis))) {
            List<Long> betaPids = beta.pids("web");
            int port = alpha.port("web");
            // The masters subscribe to Redis in the background: publish until a message gets across.
            AtomicInteger attempt = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        try (PendingGet g =
                                PendingGet.send(port, "/publish?topic=news&msg=hello-" + attempt.incrementAndGet())) {
                            g.response(Duration.ofSeconds(10));
                        }
                        return receivedByAll(beta, betaPids);
                    });

            int n = 200;
            try (PendingGet g = PendingGet.send(port, "/publish?topic=news&msg=m&n=" + n)) {
                assertThat(g.response(Duration.ofSeconds(20))).isEqualTo("published " + n);
            }
            List<String> expected =
                    IntStream.range(0, n).mapToObj(i -> "m-" + i).toList();
            for (long pid : betaPids) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(messagesOf(beta, pid, "m-"))
                        .as("process " + pid)
                        .containsExactlyElementsOf(expected));
            }
            // Each master skips its own messages coming back from Redis: alpha's process has each once.
            long alphaPid = alpha.pids("web").getFirst();
            assertThat(messagesOf(alpha, alphaPid, "m-")).containsExactlyElementsOf(expected);
        }
    }

    private static Map<String, String> env(LocalRedis redis) {
        return Map.of("WEFT_TOPICS_REDIS", redis.url, "WEFT_APP", "topics-test");
    }

    /** Whether some hello-N reached every one of {@code pids}. */
    private static boolean receivedByAll(Cluster c, List<Long> pids) {
        Map<String, Set<Long>> by = new java.util.HashMap<>();
        for (String line : c.events()) {
            String[] f = line.split(" ", 4);
            if (f.length == 4 && f[0].equals("topic") && f[3].startsWith("hello-")) {
                by.computeIfAbsent(f[3], k -> new HashSet<>()).add(Long.parseLong(f[2]));
            }
        }
        return by.values().stream().anyMatch(s -> s.containsAll(pids));
    }

    private static List<String> messagesOf(Cluster c, long pid, String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : c.events()) {
            String[] f = line.split(" ", 4);
            if (f.length == 4 && f[0].equals("topic") && Long.parseLong(f[2]) == pid && f[3].startsWith(prefix)) {
                out.add(f[3]);
            }
        }
        return out;
    }
}
