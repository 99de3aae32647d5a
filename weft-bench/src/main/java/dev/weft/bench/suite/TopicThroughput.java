package dev.weft.bench.suite;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Messages per second through the master: one process publishes {@code --messages} texts of {@code --size}
 * bytes to a topic as fast as its link to the master takes them (a refused message is retried after 1 ms),
 * and {@code --subscribers} other processes receive them through the master ({@link TopicApp}). Reports the
 * publishing rate, each subscriber's delivered rate (from the first publish to its last message) and the
 * total deliveries per second the master made, plus the messages lost on the way (at most once).
 *
 * <pre>weft-bench/run-suite TopicThroughput --subscribers 3 --messages 500000 --size 64</pre>
 */
public final class TopicThroughput {
    private TopicThroughput() {}

    public static void main(String[] args) throws Exception {
        int subscribers = option(args, "--subscribers", 3);
        int messages = option(args, "--messages", 500_000);
        int size = option(args, "--size", 64);
        Checks checks = new Checks("topic throughput through the master");
        checks.measure("setup", subscribers + " subscriber processes, " + messages + " messages of " + size + " bytes");
        Path dir = Checks.tempDir("topics");
        Map<String, String> props = Map.of("suite.topicSubs", Integer.toString(subscribers));
        // Full JIT and a roomier heap than the suites' small JVMs: this measures speed.
        List<String> jvm = List.of("-XX:TieredStopAtLevel=4", "-Xmx256m");
        try (App app = App.start(dir, props, Map.of(), 1 + subscribers, jvm);
                HttpClient http = HttpClient.newHttpClient()) {
            int port = app.port("topic-pub");
            String answer = http.send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + port + "/publish?n=" + messages + "&size=" + size))
                                    .timeout(Duration.ofMinutes(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String[] a = answer.split(" ");
            long start = Long.parseLong(a[1]);
            long end = Long.parseLong(a[3]);
            checks.measure(
                    "publish rate",
                    String.format(
                            "%,.0f msg/s (%s refusals of a full queue, each a 1 ms nap)",
                            rate(messages, end - start), a[5]));
            List<Path> results = awaitResults(app.runDir, subscribers, Duration.ofMinutes(2));
            checks.check(
                    "every subscriber process reported",
                    results.size() == subscribers,
                    results.size() + " of " + subscribers);
            long total = 0;
            long lastOfAll = start;
            for (Path f : results) {
                String[] r = Files.readString(f).trim().split(" ");
                long received = Long.parseLong(r[0]);
                long last = Long.parseLong(r[2]);
                total += received;
                lastOfAll = Math.max(lastOfAll, last);
                checks.measure(
                        "subscriber " + f.getFileName(),
                        String.format(
                                "%,d received (%,d lost), %,.0f msg/s",
                                received, messages - received, rate(received, last - start)));
            }
            checks.measure(
                    "deliveries through the master", String.format("%,.0f msg/s", rate(total, lastOfAll - start)));
        }
        System.exit(checks.finish());
    }

    private static double rate(long n, long nanos) {
        return nanos <= 0 ? 0 : n * 1e9 / nanos;
    }

    private static List<Path> awaitResults(Path runDir, int n, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        List<Path> found = new ArrayList<>();
        while (System.nanoTime() < end) {
            found.clear();
            try (var files = Files.list(runDir)) {
                files.filter(p -> p.getFileName().toString().startsWith("topic-"))
                        .forEach(found::add);
            }
            if (found.size() >= n) break;
            Thread.sleep(200); // polling a directory for files other processes write
        }
        return found;
    }

    private static int option(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return def;
    }
}
