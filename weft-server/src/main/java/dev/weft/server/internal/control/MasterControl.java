package dev.weft.server.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Commands;
import dev.weft.control.MetricsMerger;
import dev.weft.control.MetricsServer;
import dev.weft.control.ProcessIdentity;
import dev.weft.server.internal.ipc.Fanout;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.ipc.MasterCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control plane in the master: the {@code co} command fanned out to every child (or one pid)
 * with a per-child timeout and merged — children that do not answer in time are listed under
 * {@code missing}, never waited for — and the optional Prometheus endpoint that merges every
 * child's metrics with the master's own (exit statuses, restarts).
 */
public final class MasterControl {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.control");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private MasterControl() {}

    /**
     * Registers every weft-control command ({@code list}, {@code cancel}, ...) under its own name: the CLI's
     * request {@code {cmd, args, pid?, timeout_ms?, stream?}} goes to the children as {@code {rid, cmd, args,
     * stream?}}, so {@code cmd} means the same on every hop (docs/CONTROL.md).
     */
    public static void install() {
        for (String name : Commands.names()) {
            MasterCommands.register(name, (request, fanout) -> co(name, request, fanout));
            MasterCommands.registerStreaming(name, MasterControl::stream);
        }
    }

    /**
     * {@code {cmd, args, pid?, timeout_ms?, stream: true}}: the rows of every child as lines
     * ({@link StreamLines}); {@code timeout_ms} is how long a child may stay silent.
     */
    static void stream(JsonNode request, Fanout fanout, JsonLineChannel out) throws IOException {
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
     * Fans {@code {cmd, args, pid?, timeout_ms?}} out to every child (or {@code pid}) and gathers the replies.
     *
     * @return {@code {cmd, processes: [child replies], missing: [{pid, worker, id, error}]}}
     */
    static ObjectNode co(String cmd, JsonNode request, Fanout fanout) {
        JsonNode args = request.path("args").isObject() ? request.get("args") : JsonNodeFactory.instance.objectNode();
        Duration timeout = Duration.ofMillis(request.path("timeout_ms").asLong(DEFAULT_TIMEOUT.toMillis()));
        long pid = request.path("pid").asLong(0);
        List<Fanout.ChildReply> replies =
                pid > 0 ? List.of(fanout.one(pid, cmd, args, timeout)) : fanout.all(cmd, args, timeout);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("cmd", cmd);
        ArrayNode processes = out.putArray("processes");
        ArrayNode missing = out.putArray("missing");
        for (Fanout.ChildReply r : replies) {
            if (r.ok() && r.reply() != null) {
                processes.add(r.reply());
            } else {
                missing.addObject()
                        .put("pid", r.pid())
                        .put("worker", r.worker())
                        .put("id", r.id())
                        .put(
                                "error",
                                r.error() == null || r.error().equals("timeout")
                                        ? "no answer within " + timeout.toMillis() + " ms"
                                        : r.error());
            }
        }
        return out;
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
