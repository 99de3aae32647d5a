package dev.weft.server.master;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.Fanout.ChildReply;
import dev.weft.server.Weft;
import dev.weft.server.control.Json;
import dev.weft.server.status.ProcMemory;
import dev.weft.server.status.StatusTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code status} and {@code connections} documents by asking every child (per-child timeout;
 * a child that does not answer is {@code busy}), and writes the status/connections files for USR2/IO.
 * Runs on a CLI or helper thread, never on the master loop.
 */
final class StatusReport {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.master");
    private final Master master;

    StatusReport(Master master) {
        this.master = master;
    }

    /** The {@code status --json} document: master, processes, exit_info. */
    ObjectNode status() {
        List<ChildProcess> kids = master.orderedChildren();
        List<ChildReply> replies =
                master.fanout().ask(kids, "status", null, master.settings().commandTimeout());
        ObjectNode doc = Json.object();
        doc.set("master", masterInfo(kids.size()));
        ArrayNode procs = doc.putArray("processes");
        for (int i = 0; i < kids.size(); i++) {
            ChildProcess c = kids.get(i);
            ChildReply r = replies.get(i);
            ObjectNode row = Json.object();
            if (r.ok() && r.reply() instanceof ObjectNode o) {
                row.setAll(o);
            } else {
                row.put("pid", c.pid)
                        .put("worker", c.table.worker.name())
                        .put("id", c.slot)
                        .put("listening", listening(c))
                        .put("memory", 0L)
                        .put("connections", 0)
                        .put("send_fail", 0)
                        .put("timers", 0)
                        .put("total_request", 0)
                        .put("qps", 0)
                        .put("coroutines", 0)
                        .put("loop_stalls", 0);
            }
            row.put("memory", ProcMemory.rss(c.pid)); // measured by the master, so busy children have it too
            row.put("status", r.ok() ? "idle" : "busy");
            row.remove("throw_exception");
            procs.add(row);
        }
        doc.set("exit_info", exitInfo());
        return doc;
    }

    /** The {@code connections --json} document: master pid, rows of every answering child, busy children. */
    ObjectNode connections() {
        List<ChildProcess> kids = master.orderedChildren();
        List<ChildReply> replies =
                master.fanout().ask(kids, "connections", null, master.settings().commandTimeout());
        ObjectNode doc = Json.object();
        doc.putObject("master").put("pid", ProcessHandle.current().pid());
        ArrayNode rows = doc.putArray("connections");
        ArrayNode busy = doc.putArray("busy");
        for (ChildReply r : replies) {
            if (r.ok() && r.reply() != null && r.reply().isArray()) {
                r.reply().forEach(rows::add);
            } else {
                busy.addObject().put("pid", r.pid()).put("worker", r.worker()).put("id", r.id());
            }
        }
        return doc;
    }

    /** USR2 without the CLI: the master writes the global part, each child appends its own row. */
    void writeStatusFile() {
        Path file = master.settings().statusFile();
        try {
            List<ChildProcess> kids = master.orderedChildren();
            ObjectNode head = Json.object();
            head.set("master", masterInfo(kids.size()));
            head.set("exit_info", exitInfo());
            ArrayNode names = head.putArray("processes"); // only for the worker names in the exit table
            for (SlotTable t : master.tables) names.addObject().put("worker", t.worker.name());
            Files.writeString(file, StatusTable.header(head), StandardCharsets.UTF_8);
            List<ChildReply> replies = master.fanout()
                    .ask(
                            kids,
                            "status-file",
                            Json.object().put("path", file.toAbsolutePath().toString()),
                            master.settings().commandTimeout());
            StringBuilder busy = new StringBuilder();
            for (int i = 0; i < kids.size(); i++) {
                if (replies.get(i).ok()) continue;
                ChildProcess c = kids.get(i);
                busy.append(StatusTable.row(Json.object()
                                .put("pid", c.pid)
                                .put("memory", ProcMemory.rss(c.pid))
                                .put("listening", listening(c))
                                .put("worker", c.table.worker.name())
                                .put("status", "busy")))
                        .append('\n');
            }
            Files.writeString(file, busy, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** IO without the CLI: the master truncates the file, each child appends its rows (JSON lines). */
    void writeConnectionsFile() {
        Path file = master.settings().connectionsFile();
        try {
            Files.writeString(file, "", StandardCharsets.UTF_8);
            master.fanout()
                    .ask(
                            master.orderedChildren(),
                            "connections-file",
                            Json.object().put("path", file.toAbsolutePath().toString()),
                            master.settings().commandTimeout());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write " + file + ": " + e.getMessage());
        }
    }

    private ObjectNode masterInfo(int processes) {
        ObjectNode m = Json.object();
        m.put("pid", ProcessHandle.current().pid());
        m.put("version", Weft.VERSION);
        m.put("java", System.getProperty("java.version"));
        m.put(
                "start_time",
                DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        LocalDateTime.ofInstant(master.startTime, ZoneId.systemDefault())
                                .withNano(0)));
        m.put(
                "uptime_s",
                Duration.between(master.startTime, java.time.Instant.now()).toSeconds());
        ArrayNode load = m.putArray("load");
        for (double d : ProcMemory.loadAverage()) load.add(d);
        m.put("workers", master.tables.size());
        m.put("processes", processes);
        return m;
    }

    private ArrayNode exitInfo() {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (SlotTable t : master.tables) {
            Map<Integer, java.util.concurrent.atomic.AtomicLong> counts = master.exitCounts.get(t.worker.name());
            if (counts == null) continue;
            counts.forEach((status, n) -> arr.addObject()
                    .put("worker", t.worker.name())
                    .put("status", status)
                    .put("count", n.get()));
        }
        return arr;
    }

    private static String listening(ChildProcess c) {
        return c.table.listener != null ? c.table.listener.url() : "none";
    }
}
