package dev.weft.server.internal.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Formats the {@code status} JSON document in Workerman's text layout: GLOBAL STATUS (versions, start
 * time, uptime, load, worker and process counts, exit status table), PROCESS STATUS (one row per child)
 * and a Summary row. The {@code loop_stalls} column counts the times a process's event loop was hogged
 * (see {@code dev.weft.coroutine.EventLoops#stalls()}).
 */
public final class StatusTable {
    private static final String ROW = "%-8s %-8s %-26s %-14s %-11s %-9s %-6s %-13s %-8s %-10s %-11s %s";
    private static final int WIDTH = 130;

    private StatusTable() {}

    /** The whole report. */
    public static String format(JsonNode doc) {
        StringBuilder sb = new StringBuilder(header(doc));
        int idle = 0, busy = 0;
        long memory = 0, conns = 0, fails = 0, timers = 0, total = 0, coroutines = 0, stalls = 0;
        double qps = 0;
        for (JsonNode p : doc.path("processes")) {
            sb.append(row(p)).append('\n');
            if ("busy".equals(p.path("status").asText())) busy++;
            else idle++;
            memory += p.path("memory").asLong();
            conns += p.path("connections").asLong();
            fails += p.path("send_fail").asLong();
            timers += p.path("timers").asLong();
            total += p.path("total_request").asLong();
            coroutines += p.path("coroutines").asLong();
            stalls += p.path("loop_stalls").asLong();
            qps += p.path("qps").asDouble();
        }
        sb.append(rule("Summary")).append('\n');
        sb.append(String.format(
                        Locale.ROOT,
                        ROW,
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
                        stalls,
                        "[" + idle + " idle] [" + busy + " busy]"))
                .append('\n');
        sb.append("-".repeat(WIDTH)).append('\n');
        return sb.toString();
    }

    /** Everything before the process rows, ending with the PROCESS STATUS column titles. */
    public static String header(JsonNode doc) {
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
        sb.append(String.format(
                        Locale.ROOT,
                        ROW,
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
                        "loop_stalls",
                        "status"))
                .append('\n');
        return sb.toString();
    }

    /** One process row. */
    public static String row(JsonNode p) {
        return String.format(
                Locale.ROOT,
                ROW,
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
                p.path("loop_stalls").asLong(),
                "[" + p.path("status").asText() + "]");
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
