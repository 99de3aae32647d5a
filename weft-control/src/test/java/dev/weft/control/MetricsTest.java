package dev.weft.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");
    private final Fixtures fx = new Fixtures();

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    @Test
    void mergedScrapeIsServedOverHttpWithPerProcessLabelsAndSaneCoroutineGauges() throws Exception {
        fx.sleeper("metrics-1");
        fx.sleeper("metrics-2");
        PrometheusMeterRegistry registry = PrometheusText.newRegistry();
        WeftMeters meters = new WeftMeters(registry);
        meters.connectionOpened("http");
        meters.request("http", "ok");
        meters.sendFailure("http", "reset");
        meters.restart("crash");
        meters.exit(137);

        ProcessIdentity w0 = new ProcessIdentity("h", 111, "w0", 0);
        ProcessIdentity w1 = new ProcessIdentity("h", 222, "w1", 1);
        try (MetricsServer server = MetricsServer.start(
                "127.0.0.1:0",
                () -> MetricsMerger.merge(List.of(
                        MetricsMerger.Scrape.of(w0, PrometheusText.scrape(registry)),
                        MetricsMerger.Scrape.of(w1, PrometheusText.scrape(registry)))))) {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));

            Map<String, Double> samples = new HashMap<>();
            Map<String, Integer> typeLines = new HashMap<>();
            for (String line : response.body().split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    typeLines.merge(line.split(" ")[2], 1, Integer::sum);
                    continue;
                }
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("sample line %s", line).isTrue();
                assertThat(m.group(3)).as("labels of %s", line).matches("pid=\"(111|222)\",worker=\"w[01]\".*");
                samples.put(m.group(1) + "{" + m.group(3) + "}", Double.parseDouble(m.group(4)));
            }
            assertThat(typeLines)
                    .allSatisfy((family, n) -> assertThat(n).as(family).isEqualTo(1));
            double live = samples.get("weft_coroutines_live{pid=\"111\",worker=\"w0\"}");
            double suspended = samples.get("weft_coroutines_suspended{pid=\"111\",worker=\"w0\"}");
            double peak = samples.get("weft_coroutines_peak{pid=\"222\",worker=\"w1\"}");
            assertThat(live).isGreaterThanOrEqualTo(2);
            assertThat(suspended).isBetween(2.0, live);
            assertThat(peak).isGreaterThanOrEqualTo(live);
            assertThat(samples.get("weft_coroutines_started_total{pid=\"111\",worker=\"w0\"}"))
                    .isGreaterThanOrEqualTo(live);
            assertThat(samples).containsKey("weft_coroutines_killed_total{pid=\"222\",worker=\"w1\"}");
            assertThat(samples).containsKey("weft_coroutines_cancelled_total{pid=\"222\",worker=\"w1\"}");
            assertThat(samples).containsKey("weft_loop_stalls_total{pid=\"222\",worker=\"w1\"}");
            assertThat(samples.get("weft_connections_open{pid=\"111\",worker=\"w0\",listener=\"http\"}"))
                    .isEqualTo(1.0);
            assertThat(samples.get("weft_requests_total{pid=\"111\",worker=\"w0\",listener=\"http\",outcome=\"ok\"}"))
                    .isEqualTo(1.0);
            assertThat(samples.get("weft_worker_exits_total{pid=\"222\",worker=\"w1\",status=\"137\"}"))
                    .isEqualTo(1.0);
            assertThat(samples)
                    .containsKey(
                            "weft_send_failures_total{pid=\"111\",worker=\"w0\",listener=\"http\",reason=\"reset\"}");
            assertThat(samples).containsKey("weft_worker_restarts_total{pid=\"111\",worker=\"w0\",reason=\"crash\"}");
        }
    }

    @Test
    void mergeHandlesUnlabelledAndEmptyLabelSamples() {
        String text = "# HELP a_total help\n# TYPE a_total counter\na_total 3.0\nb{} 1\n";
        String merged = MetricsMerger.merge(List.of(new MetricsMerger.Scrape(Map.of("pid", "7"), text)));
        assertThat(merged).contains("a_total{pid=\"7\"} 3.0\n", "b{pid=\"7\"} 1\n");
    }

    @Test
    void metricsAddressMustBeHostAndPort() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsServer.parse("9464"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
    }
}
