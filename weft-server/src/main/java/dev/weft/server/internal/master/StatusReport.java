package dev.weft.server.internal.master;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import dev.weft.server.Settings;
import dev.weft.server.Weft;
import dev.weft.server.internal.ipc.Fanout.ChildReply;
import dev.weft.server.internal.status.PrivateFiles;
import dev.weft.server.internal.status.ProcMemory;
import dev.weft.server.internal.status.StatusTable;
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
import java.util.function.Supplier;

/**
 * Builds the {@code status} and {@code connections} documents by asking every child (per-child timeout;
 * a child that does not answer is {@code busy}), and writes the status/connections files for USR2/IO.
 * Runs on a CLI or helper thread, never on the master loop.
 */
final class StatusReport {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.master");
    private final Settings settings;
    private final Supplier<MasterSnapshot> snapshot;
    private final MasterFanout fanout;

    /**
     * @param settings the settings (file names, command timeout)
     * @param snapshot the master's latest snapshot
     * @param fanout   asks the children
     */
    StatusReport(Settings settings, Supplier<MasterSnapshot> snapshot, MasterFanout fanout) {
        this.settings = settings;
        this.snapshot = snapshot;
        this.fanout = fanout;
    }

    /** The {@code status --json} document: master, processes, exit_info. */
    ObjectNode status() {
        return status(null);
    }

    /**
     * The {@code status --json} document, with each process's qps measured over the caller's own window.
     *
     * @param window the caller's window id ({@code status -d} sends one per session), or null: qps since
     *               each process started
     */
    ObjectNode status(String window) {
        MasterSnapshot snap = snapshot.get();
        List<MasterSnapshot.Child> kids = snap.children();
        List<ChildReply> replies = fanout.ask(
                kids, "status", window == null ? null : Json.object().put("window", window), settings.commandTimeout());
        ObjectNode doc = Json.object();
        doc.set("master", masterInfo(snap));
        ArrayNode procs = doc.putArray("processes");
        for (int i = 0; i < kids.size(); i++) {
            MasterSnapshot.Child c = kids.get(i);
            ChildReply r = replies.get(i);
            ObjectNode row = Json.object();
            if (r.ok() && r.reply() instanceof ObjectNode o) {
                row.setAll(o);
            } else {
                row.put("pid", c.pid())
                        .put("worker", c.worker())
                        .put("id", c.slot())
                        .put("listening", c.listening())
                        .put("memory", 0L)
                        .put("connections", 0)
                        .put("send_fail", 0)
                        .put("timers", 0)
                        .put("total_request", 0)
                        .put("qps", 0)
                        .put("coroutines", 0)
                        .put("loop_stalls", 0);
            }
            row.put("memory", ProcMemory.rss(c.pid())); // measured by the master, so busy children have it too
            // The slot's history is the master's: a child knows only itself. (loop_stalls, when the event
            // loop reports it, comes from the child's own row above.)
            row.put(
                    "uptime_s",
                    Duration.between(c.startedAt(), java.time.Instant.now()).toSeconds());
            row.put("restarts", c.restarts());
            row.put("recycles", c.recycles());
            // A standby holds no slot ("id" -1): it is counted apart, and its RSS is the price of a fast replacement.
            // "starting" until the child reported ready: it answers status before it accepts.
            row.put("status", !r.ok() ? "busy" : !c.ready() ? "starting" : c.standby() ? "standby" : "idle");
            row.remove("throw_exception");
            procs.add(row);
        }
        doc.set("exit_info", exitInfo(snap));
        doc.set("recycled", recycled(snap));
        return doc;
    }

    private static ArrayNode recycled(MasterSnapshot snap) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        snap.recycled()
                .forEach((worker, n) -> arr.addObject().put("worker", worker).put("count", n));
        return arr;
    }

    /** The {@code connections --json} document: master pid, rows of every answering child, busy children. */
    ObjectNode connections() {
        List<ChildReply> replies =
                fanout.ask(snapshot.get().children(), "connections", null, settings.commandTimeout());
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
        Path file = settings.statusFile();
        try {
            MasterSnapshot snap = snapshot.get();
            List<MasterSnapshot.Child> kids = snap.children();
            ObjectNode head = Json.object();
            head.set("master", masterInfo(snap));
            head.set("exit_info", exitInfo(snap));
            head.set("recycled", recycled(snap));
            ArrayNode names = head.putArray("processes"); // only for the worker names in the exit table
            for (String name : snap.workers()) names.addObject().put("worker", name);
            PrivateFiles.file(file);
            Files.writeString(file, StatusTable.header(head), StandardCharsets.UTF_8);
            List<ChildReply> replies = fanout.ask(
                    kids,
                    "status-file",
                    Json.object().put("path", file.toAbsolutePath().toString()),
                    settings.commandTimeout());
            StringBuilder busy = new StringBuilder();
            for (int i = 0; i < kids.size(); i++) {
                if (replies.get(i).ok()) continue;
                MasterSnapshot.Child c = kids.get(i);
                busy.append(StatusTable.row(Json.object()
                                .put("pid", c.pid())
                                .put("memory", ProcMemory.rss(c.pid()))
                                .put("listening", c.listening())
                                .put("worker", c.worker())
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
        Path file = settings.connectionsFile();
        try {
            PrivateFiles.file(file);
            Files.writeString(file, "", StandardCharsets.UTF_8);
            fanout.ask(
                    snapshot.get().children(),
                    "connections-file",
                    Json.object().put("path", file.toAbsolutePath().toString()),
                    settings.commandTimeout());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write " + file + ": " + e.getMessage());
        }
    }

    private static ObjectNode masterInfo(MasterSnapshot snap) {
        ObjectNode m = Json.object();
        m.put("pid", ProcessHandle.current().pid());
        m.put("version", Weft.VERSION);
        m.put("java", System.getProperty("java.version"));
        m.put(
                "start_time",
                DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        LocalDateTime.ofInstant(snap.startTime(), ZoneId.systemDefault())
                                .withNano(0)));
        m.put(
                "uptime_s",
                Duration.between(snap.startTime(), java.time.Instant.now()).toSeconds());
        ArrayNode load = m.putArray("load");
        for (double d : ProcMemory.loadAverage()) load.add(d);
        m.put("workers", snap.workers().size());
        m.put("processes", snap.children().size());
        m.put("state", snap.state().name());
        ObjectNode counts = m.putObject("counts");
        snap.counts().forEach(counts::put);
        m.put("reload", snap.reload());
        ArrayNode failures = m.putArray("reload_failures");
        snap.reloadFailures().forEach(failures::add);
        return m;
    }

    private static ArrayNode exitInfo(MasterSnapshot snap) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (String name : snap.workers()) {
            Map<Integer, Long> counts = snap.exitCounts().get(name);
            if (counts == null) continue;
            counts.forEach((status, n) ->
                    arr.addObject().put("worker", name).put("status", status).put("count", n));
        }
        return arr;
    }
}
