package dev.weft.server.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-Worker counter totals across exits, final reports that arrive late, and what stays per process. */
class WorkerCountersTest {
    private static String scrape(double requests) {
        return """
                # HELP weft_requests_total requests served
                # TYPE weft_requests_total counter
                weft_requests_total %s
                # HELP weft_connections open connections
                # TYPE weft_connections gauge
                weft_connections 2.0
                """.formatted(requests);
    }

    @Test
    void countersAreSummedPerWorkerAndGaugesStayPerProcess() {
        WorkerCounters counters = new WorkerCounters();
        String rest = counters.observe(1, "web", scrape(3));
        counters.observe(2, "web", scrape(4));
        assertThat(rest).contains("weft_connections 2.0").doesNotContain("weft_requests_total 3");
        assertThat(counters.render(List.of(1L, 2L)))
                .contains("# TYPE weft_requests_total counter")
                .contains("weft_requests_total{worker=\"web\"} 7.0");
    }

    @Test
    void anExitedChildsLastValuesStayInItsWorkersTotal() {
        WorkerCounters counters = new WorkerCounters();
        counters.observe(1, "web", scrape(3));
        counters.finalReport(1, "web", scrape(5));
        counters.exited(1, "web");
        counters.observe(2, "web", scrape(1));
        assertThat(counters.render(List.of(2L))).contains("weft_requests_total{worker=\"web\"} 6.0");
    }

    @Test
    void aFinalReportReadAfterTheExitAddsOnlyWhatItAdds() {
        WorkerCounters counters = new WorkerCounters();
        counters.observe(1, "web", scrape(3));
        counters.exited(1, "web");
        counters.finalReport(1, "web", scrape(5));
        assertThat(counters.render(List.of())).contains("weft_requests_total{worker=\"web\"} 5.0");
    }
}
