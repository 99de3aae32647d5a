package dev.weft.bench.suite;

import dev.weft.coroutine.Co;
import dev.weft.net.Connection;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.server.Topic;
import dev.weft.server.Weft;
import dev.weft.server.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Workers of {@link TopicThroughput}, declared by {@link SuiteApp} when {@code suite.topicSubs} is set:
 * "topic-pub" (one process, HTTP on a free port: {@code /publish?n=&size=} publishes n messages of size
 * bytes to the topic {@code bench}, then {@code END}) and "topic-sub" ({@code suite.topicSubs} processes
 * without a listener, each subscribed to {@code bench}; on {@code END} (sent 10 times, 100 ms apart) each writes
 * {@code <run dir>/topic-<pid>}: {@code received first_ns last_ns}, epoch nanoseconds).
 */
final class TopicApp {
    private static final String TOPIC = "bench";

    private TopicApp() {}

    static void declare(Path runDir) {
        Worker pub = new Worker("http://127.0.0.1:0").name("topic-pub").count(1);
        pub.onMessage((Connection c, HttpRequest r) -> c.send(publish(r)));
        Worker sub = new Worker().name("topic-sub").count(Integer.getInteger("suite.topicSubs"));
        sub.onWorkerStart(w -> subscribe(runDir));
    }

    /** Publishes as fast as the link to the master takes: a refused message is retried after a short nap. */
    private static Response publish(HttpRequest r) {
        int n = Integer.parseInt(r.query().get("n"));
        String payload = "x".repeat(Integer.parseInt(r.query().get("size")));
        Topic topic = Weft.topic(TOPIC);
        long naps = 0;
        long start = epochNanos();
        for (int i = 0; i < n; i++) {
            while (!topic.publish(payload)) {
                naps++;
                Co.sleep(Duration.ofMillis(1));
            }
        }
        long end = epochNanos();
        // Topics deliver at most once: an END dropped by a full queue would leave a subscriber silent, so it
        // goes out several times, after the queues had time to drain (each END rewrites the same report).
        for (int i = 0; i < 10; i++) {
            while (!topic.publish("END")) Co.sleep(Duration.ofMillis(1));
            Co.sleep(Duration.ofMillis(100));
        }
        return Response.text("start " + start + " end " + end + " naps " + naps);
    }

    private static void subscribe(Path runDir) {
        AtomicLong received = new AtomicLong();
        long[] first = {0};
        long[] last = {0};
        Weft.topic(TOPIC).subscribe(String.class, 65_536, m -> {
            if (m.equals("END")) {
                write(
                        runDir.resolve("topic-" + ProcessHandle.current().pid()),
                        received.get() + " " + first[0] + " " + last[0]);
                return;
            }
            long now = epochNanos();
            if (received.getAndIncrement() == 0) first[0] = now;
            last[0] = now;
        });
    }

    private static long epochNanos() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
