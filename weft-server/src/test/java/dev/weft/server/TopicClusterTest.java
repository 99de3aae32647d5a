package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics across real worker processes: every "web" child of the test app subscribes to a topic in
 * onWorkerStart; a request makes whichever child accepts it publish, and every child, the publisher
 * included, must get each message, in the publisher's order.
 */
class TopicClusterTest {
    @Test
    void aMessagePublishedInOneProcessReachesTheSubscribersOfEveryProcess(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "3", "app.topic", "news"), 3)) {
            List<Long> pids = c.pids("web");
            assertThat(pids).hasSize(3);
            try (PendingGet g = PendingGet.send(c.port("web"), "/publish?topic=news&msg=hello")) {
                assertThat(g.response(Duration.ofSeconds(20))).isEqualTo("published 1");
            }
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(receivers(c, "hello")).containsExactlyInAnyOrderElementsOf(pids));
        }
    }

    @Test
    void everyProcessGetsAPublishersMessagesInItsOrder(@TempDir Path dir) throws Exception {
        int n = 300;
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "2", "app.topic", "feed"), 2)) {
            List<Long> pids = c.pids("web");
            try (PendingGet g = PendingGet.send(c.port("web"), "/publish?topic=feed&msg=m&n=" + n)) {
                assertThat(g.response(Duration.ofSeconds(20))).isEqualTo("published " + n);
            }
            List<String> expected =
                    IntStream.range(0, n).mapToObj(i -> "m-" + i).toList();
            for (long pid : pids) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(messagesOf(c, pid))
                        .as("process " + pid)
                        .containsExactlyElementsOf(expected));
            }
        }
    }

    /** The pids whose subscriber logged {@code message}. */
    private static List<Long> receivers(Cluster c, String message) {
        List<Long> pids = new ArrayList<>();
        for (String line : c.events()) {
            String[] f = line.split(" ", 4);
            if (f.length == 4 && f[0].equals("topic") && f[3].equals(message)) pids.add(Long.parseLong(f[2]));
        }
        return pids;
    }

    /** The messages process {@code pid}'s subscriber logged, in order. */
    private static List<String> messagesOf(Cluster c, long pid) {
        List<String> out = new ArrayList<>();
        for (String line : c.events()) {
            String[] f = line.split(" ", 4);
            if (f.length == 4 && f[0].equals("topic") && Long.parseLong(f[2]) == pid) out.add(f[3]);
        }
        return out;
    }
}
