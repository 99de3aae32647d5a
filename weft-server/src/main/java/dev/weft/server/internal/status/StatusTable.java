package dev.weft.server.internal.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Formats the {@code status} JSON document in Workerman's text layout: GLOBAL STATUS (versions, start
 * time, uptime, load, worker and process counts, exit status table), PROCESS STATUS (one row per child)
 * and a Summary row. Besides Workerman's columns each process row shows the master's view of it: its
 * {@code uptime}, the {@code restarts} and {@code recycles} of its slot, and {@code loop_stalls} (the times its event loop was hogged,
 * see {@code dev.weft.coroutine.EventLoops#stalls()}) when the document has that field; a field a row lacks shows as {@code -}.
 */
public final class StatusTable {
    private static final String ROW = "%-8s %-8s %-26s %-14s %-11s %-9s %-6s %-13s %-8s %-10s %-9s %-8s %-8s %s";
    /** The same with a {@code loop_stalls} column before the status. */
    private static final String ROW_STALLS =
            "%-8s %-8s %-26s %-14s %-11s %-9s %-6s %-13s %-8s %-10s %-9s %-8s %-8s %-11s %s";

    private static final int WIDTH = 146;

    private StatusTable() {}

    /** The whole report. */
    public static String format(JsonNode doc) {
        boolean stalls = false;
        for (JsonNode p : doc.path("processes")) stalls |= p.has("loop_stalls");
        StringBuilder sb = new StringBuilder(header(doc, stalls));
        int idle = 0, busy = 0, standby = 0, starting = 0;
        long memory = 0, conns = 0, fails = 0, timers = 0, total = 0, coroutines = 0, restarts = 0, recycles = 0;
        long loopStalls = 0;
        double qps = 0;
        for (JsonNode p : doc.path("processes")) {
            sb.append(row(p, stalls)).append('\n');
            restarts += p.path("restarts").asLong();
            recycles += p.path("recycles").asLong();
            loopStalls += p.path("loop_stalls").asLong();
            switch (p.path("status").asText()) {
                case "busy" -> busy++;
                case "standby" -> standby++;
                case "starting" -> starting++;
                default -> idle++;
            }
            memory += p.path("memory").asLong();
            conns += p.path("connections").asLong();
            fails += p.path("send_fail").asLong();
            timers += p.path("timers").asLong();
            total += p.path("total_request").asLong();
            coroutines += p.path("coroutines").asLong();
            qps += p.path("qps").asDouble();
        }
        sb.append(rule("Summary")).append('\n');
        sb.append(line(
                        stalls,
                        "Summary",
                        mb(memory),
                        "-",
                        "-",
                        conns,
                        fails,
                        timers,
                        total,
                        num(qps),
                        coroutines,
                        "-",
                        restarts,
                        recycles,
                        loopStalls,
                        "[" + idle + " idle] [" + busy + " busy]" + (standby > 0 ? " [" + standby + " standby]" : "")
                                + (starting > 0 ? " [" + starting + " starting]" : "")))
                .append('\n');
        sb.append("-".repeat(WIDTH)).append('\n');
        return sb.toString();
    }

    /** Everything before the process rows, ending with the PROCESS STATUS column titles (no loop_stalls). */
    public static String header(JsonNode doc) {
        return header(doc, false);
    }

    /** Everything before the process rows, with a loop_stalls column if {@code stalls}. */
    static String header(JsonNode doc, boolean stalls) {
        JsonNode m = doc.path("master");
        StringBuilder sb = new StringBuilder();
        sb.append(rule("GLOBAL STATUS")).append('\n');
        sb.append(String.format(
                Locale.ROOT,
                "Weft version: %-16s Java version: %-14s master pid: %d%n",
                m.path("version").asText(),
                m.path("java").asText(),
                m.path("pid").asLong()));
        JsonNode load = m.path("load");
        sb.append(String.format(
                Locale.ROOT,
                "start time: %-22s run %s   load average: %.2f, %.2f, %.2f%n",
                m.path("start_time").asText().replace('T', ' '),
                uptime(m.path("uptime_s").asLong()),
                load.path(0).asDouble(),
                load.path(1).asDouble(),
                load.path(2).asDouble()));
        sb.append(String.format(
                Locale.ROOT,
                "%d workers       %d processes%n",
                m.path("workers").asInt(),
                m.path("processes").asInt()));
        StringBuilder counts = new StringBuilder();
        m.path("counts").properties().forEach(e -> counts.append(counts.isEmpty() ? "" : ", ")
                .append(e.getKey())
                .append(" x")
                .append(e.getValue().asInt()));
        if (!counts.isEmpty())
            sb.append("processes per worker: ").append(counts).append('\n');
        String reload = m.path("reload").asText("idle");
        if (!reload.equals("idle")) sb.append("reload ").append(reload).append('\n');
        for (JsonNode f : m.path("reload_failures")) sb.append(f.asText()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-20s %-14s %s%n", "worker_name", "exit_status", "exit_count"));
        Set<String> shown = new LinkedHashSet<>();
        for (JsonNode e : doc.path("exit_info")) {
            shown.add(e.path("worker").asText());
            sb.append(String.format(
                    Locale.ROOT,
                    "%-20s %-14d %d%n",
                    e.path("worker").asText(),
                    e.path("status").asInt(),
                    e.path("count").asLong()));
        }
        for (JsonNode r : doc.path("recycled")) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-20s %-14s %d%n",
                    r.path("worker").asText(),
                    "recycled",
                    r.path("count").asLong()));
        }
        for (JsonNode p : doc.path("processes")) {
            String n = p.path("worker").asText();
            if (shown.add(n)) sb.append(String.format(Locale.ROOT, "%-20s %-14d %d%n", n, 0, 0));
        }
        sb.append(rule("PROCESS STATUS")).append('\n');
        sb.append(line(
                        stalls,
                        "pid",
                        "memory",
                        "listening",
                        "worker_name",
                        "connections",
                        "send_fail",
                        "timers",
                        "total_request",
                        "qps",
                        "coroutines",
                        "uptime",
                        "restarts",
                        "recycles",
                        "loop_stalls",
                        "status"))
                .append('\n');
        return sb.toString();
    }

    /** One process row (no loop_stalls), as a child appends it to the status file. */
    public static String row(JsonNode p) {
        return row(p, false);
    }

    /** One process row, with its loop_stalls if {@code stalls}. */
    static String row(JsonNode p, boolean stalls) {
        return line(
                stalls,
                p.path("pid").asLong(),
                mb(p.path("memory").asLong()),
                p.path("listening").asText(),
                p.path("worker").asText(),
                p.path("connections").asLong(),
                p.path("send_fail").asLong(),
                p.path("timers").asLong(),
                p.path("total_request").asLong(),
                num(p.path("qps").asDouble()),
                p.path("coroutines").asLong(),
                p.has("uptime_s") ? shortUptime(p.path("uptime_s").asLong()) : "-",
                orDash(p, "restarts"),
                orDash(p, "recycles"),
                orDash(p, "loop_stalls"),
                "[" + p.path("status").asText() + "]");
    }

    /** The 15 cells of a line; the 14th (loop_stalls) is left out unless {@code stalls}. */
    private static String line(boolean stalls, Object... cells) {
        if (stalls) return String.format(Locale.ROOT, ROW_STALLS, cells);
        Object[] c = new Object[cells.length - 1];
        System.arraycopy(cells, 0, c, 0, 13);
        c[13] = cells[14];
        return String.format(Locale.ROOT, ROW, c);
    }

    private static String orDash(JsonNode p, String field) {
        return p.has(field) ? Long.toString(p.path(field).asLong()) : "-";
    }

    /** A process's uptime in at most two units: {@code 42s}, {@code 5m03s}, {@code 2h05m}, {@code 3d04h}. */
    static String shortUptime(long s) {
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        if (s < 86400) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    private static String rule(String title) {
        String t = " " + title + " ";
        int left = (WIDTH - t.length()) / 2;
        return "-".repeat(left) + t + "-".repeat(WIDTH - left - t.length());
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1fM", bytes / 1048576.0);
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String uptime(long s) {
        Duration d = Duration.ofSeconds(s);
        return d.toDays() + " days " + d.toHoursPart() + " hours " + d.toMinutesPart() + " minutes";
    }
}
