package dev.weft.server.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.MetricsMerger;
import dev.weft.control.MetricsServer;
import dev.weft.control.ProcessIdentity;
import dev.weft.server.internal.ipc.Fanout;
import dev.weft.server.internal.ipc.JsonLineChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control plane in the master: a row command ({@code co list}, {@code dump}, {@code check}) streamed
 * from the children to the CLI ({@link #stream}), and the optional Prometheus endpoint that merges every
 * child's metrics with the master's own (exit statuses, restarts). The other registry commands are gathered
 * by {@link Fanout#gather}.
 */
public final class MasterControl {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.control");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private MasterControl() {}

    /**
     * {@code {cmd, args, pid?, timeout_ms?, stream: true}}: the rows of every child as lines
     * ({@link StreamLines}); {@code timeout_ms} is how long a child may stay silent.
     */
    public static void stream(JsonNode request, Fanout fanout, JsonLineChannel out) throws IOException {
        StreamLines lines = new StreamLines(out);
        Duration timeout = Duration.ofMillis(request.path("timeout_ms").asLong(DEFAULT_TIMEOUT.toMillis()));
        CoStream.run(
                fanout,
                request.path("cmd").asText(""),
                request.path("args"),
                request.path("pid").asLong(0),
                timeout,
                lines);
        lines.done();
    }

    /**
     * Serves merged metrics on {@code hostPort} (127.0.0.1:9464): each child's scrape labelled with
     * its pid and worker, plus the master's exit-status counters.
     */
    public static MetricsServer startMetrics(
            String hostPort, Fanout fanout, Map<String, Map<Integer, AtomicLong>> exits) throws IOException {
        return startMetrics(hostPort, fanout, exits, Map.of());
    }

    /**
     * Like {@link #startMetrics(String, Fanout, Map)}, plus {@code weft_worker_restarts_total} by
     * worker from {@code restarts} (serving children the master had to respawn).
     */
    public static MetricsServer startMetrics(
            String hostPort,
            Fanout fanout,
            Map<String, Map<Integer, AtomicLong>> exits,
            Map<String, AtomicLong> restarts)
            throws IOException {
        return startMetrics(hostPort, fanout, exits, restarts, new WorkerCounters());
    }

    /**
     * Like {@link #startMetrics(String, Fanout, Map, Map)}, with counters summed per Worker by {@code
     * counters} (which the master also tells about exited children), so they survive reloads.
     */
    public static MetricsServer startMetrics(
            String hostPort,
            Fanout fanout,
            Map<String, Map<Integer, AtomicLong>> exits,
            Map<String, AtomicLong> restarts,
            WorkerCounters counters)
            throws IOException {
        MetricsServer server = MetricsServer.start(hostPort, () -> scrape(fanout, exits, restarts, counters));
        LOG.log(System.Logger.Level.INFO, "metrics on http://" + hostPort + "/metrics");
        return server;
    }

    private static String scrape(
            Fanout fanout,
            Map<String, Map<Integer, AtomicLong>> exits,
            Map<String, AtomicLong> restarts,
            WorkerCounters counters) {
        List<MetricsMerger.Scrape> scrapes = new ArrayList<>();
        List<Long> live = new ArrayList<>();
        for (Fanout.ChildReply r : fanout.all("metrics", null, DEFAULT_TIMEOUT)) {
            if (r.ok() && r.reply() != null && r.reply().isTextual()) {
                // Counters go to the per-Worker totals; the rest (gauges) stays per process, labelled by pid.
                String perProcess =
                        counters.observe(r.pid(), r.worker(), r.reply().asText());
                live.add(r.pid());
                scrapes.add(MetricsMerger.Scrape.of(
                        new ProcessIdentity("localhost", r.pid(), r.worker(), r.id()), perProcess));
            }
        }
        StringBuilder b = new StringBuilder(MetricsMerger.merge(scrapes));
        b.append(counters.render(live));
        b.append("# HELP weft_worker_exits_total worker processes reaped, by exit status\n");
        b.append("# TYPE weft_worker_exits_total counter\n");
        exits.forEach(
                (worker, byStatus) -> byStatus.forEach((status, n) -> b.append("weft_worker_exits_total{worker=\"")
                        .append(worker)
                        .append("\",status=\"")
                        .append(status)
                        .append("\"} ")
                        .append(n.get())
                        .append('\n')));
        b.append("# HELP weft_worker_restarts_total serving worker processes that exited unasked and were respawned\n");
        b.append("# TYPE weft_worker_restarts_total counter\n");
        restarts.forEach((worker, n) -> b.append("weft_worker_restarts_total{worker=\"")
                .append(worker)
                .append("\"} ")
                .append(n.get())
                .append('\n'));
        return b.toString();
    }
}
