package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code start --metrics HOST:PORT}: the master's merged Prometheus endpoint, scraped over HTTP. */
class MetricsEndpointTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One parsed sample line. */
    record Sample(String name, Map<String, String> labels, double value) {}

    @Test
    void gaugesCarryThePidCountersArePerWorkerAndSurviveReloadsAndKills(@TempDir Path dir) throws Exception {
        int metricsPort = freePort();
        try (Cluster c = Cluster.startWith(
                dir, Map.of("app.count", "2"), 2, List.of(), Map.of(), "--metrics", "127.0.0.1:" + metricsPort)) {
            int port = c.port("web");
            for (int i = 0; i < 5; i++) {
                try (KeepAliveClient k = new KeepAliveClient(port)) {
                    assertThat(k.get("/").body()).isEqualTo("hello");
                }
            }
            List<Long> pids = c.pids("web");
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI uri = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");

            List<Sample> samples = scrape(http, uri);
            for (long pid : pids) {
                for (String name : List.of(
                        "weft_coroutines_live",
                        "weft_coroutines_peak",
                        "weft_coroutines_suspended",
                        "weft_connections")) {
                    assertThat(find(samples, name, pid)).as(name + " of " + pid).isNotNull();
                }
            }
            for (String name : List.of(
                    "weft_coroutines_killed_total",
                    "weft_coroutines_cancelled_total",
                    "weft_connections_accepted_total",
                    "weft_requests_total",
                    "weft_send_fail_total",
                    "weft_throw_exception_total")) {
                assertThat(workerTotal(samples, name)).as(name + " per Worker").isNotNull();
                assertThat(samples)
                        .as("a counter has no per-pid series")
                        .noneMatch(x -> x.name().equals(name) && x.labels().containsKey("pid"));
            }
            assertThat(workerTotal(samples, "weft_requests_total").value()).isEqualTo(5.0);
            assertThat(workerTotal(samples, "weft_connections_accepted_total").value())
                    .isEqualTo(5.0);

            // A reload replaces every process: the per-Worker counters keep what the old ones counted.
            assertThat(c.cli("reload", "--wait").code()).isZero();
            c.awaitIdle(2);
            assertThat(workerTotal(scrape(http, uri), "weft_requests_total").value())
                    .as("weft_requests_total{worker=web} does not go backwards across a reload")
                    .isEqualTo(5.0);
            pids = c.pids("web");
            try (KeepAliveClient k = new KeepAliveClient(port)) {
                assertThat(k.get("/").body()).isEqualTo("hello");
            }
            assertThat(workerTotal(scrape(http, uri), "weft_requests_total").value())
                    .isEqualTo(6.0);

            Cluster.signal(pids.getFirst(), "KILL");
            await().atMost(Duration.ofSeconds(30)).until(() -> scrape(http, uri).stream()
                    .anyMatch(s -> s.name().equals("weft_worker_exits_total")
                            && "web".equals(s.labels().get("worker"))
                            && "137".equals(s.labels().get("status"))
                            && s.value() == 1.0));
            c.awaitIdle(2);
            List<Sample> after = scrape(http, uri);
            assertThat(after)
                    .anyMatch(s -> s.name().equals("weft_worker_restarts_total")
                            && "web".equals(s.labels().get("worker"))
                            && s.value() == 1.0);
            for (long pid : c.pids("web"))
                assertThat(find(after, "weft_coroutines_live", pid)).isNotNull();
            assertThat(workerTotal(after, "weft_requests_total").value())
                    .as("nor across a SIGKILL (the values of the last scrape are kept)")
                    .isEqualTo(6.0);
        }
    }

    private static Sample workerTotal(List<Sample> samples, String name) {
        return samples.stream()
                .filter(s -> s.name().equals(name)
                        && "web".equals(s.labels().get("worker"))
                        && !s.labels().containsKey("pid"))
                .findFirst()
                .orElse(null);
    }

    private static Sample find(List<Sample> samples, String name, long pid) {
        return samples.stream()
                .filter(s -> s.name().equals(name)
                        && Long.toString(pid).equals(s.labels().get("pid"))
                        && "web".equals(s.labels().get("worker")))
                .findFirst()
                .orElse(null);
    }

    private static List<Sample> scrape(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<Sample> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.find()).as("sample line: " + line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) labels.put(l.group(1), l.group(2));
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
