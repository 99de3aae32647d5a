package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What idle connections with their time limits armed cost: one HTTP worker process, its CPU time (user +
 * system, from {@code /proc/<pid>/stat}) over {@code --seconds} (60) with no connection, then again while
 * {@code --connections} (10,000) idle keep-alive connections each have their deadline armed (the keep-alive
 * limit is set to 10 minutes so none expires during the run). The difference, as a share of one core, must be
 * at most {@code --max-percent} (1). Needs an otherwise idle machine: other load shows up in both windows
 * unevenly.
 *
 * <pre>weft-bench/run-suite IdleTimeoutsCpu [--connections 10000] [--seconds 60] [--max-percent 1] [--settle 20]</pre>
 */
public final class IdleTimeoutsCpu {
    private static final int PER_CLIENT = 5_000;
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private IdleTimeoutsCpu() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(
                args, Map.of("connections", "10000", "seconds", "60", "max-percent", "1", "settle", "20"));
        int connections = Integer.parseInt(o.get("connections"));
        long seconds = Long.parseLong(o.get("seconds"));
        double maxPercent = Double.parseDouble(o.get("max-percent"));
        long settle = Long.parseLong(o.get("settle"));
        Checks checks = new Checks("idle connections with time limits armed");
        Path dir = Checks.tempDir("idle-timeouts");
        // Each idle connection holds about 8.6 KB of heap (its coroutine's stack chunk 3.5 KB, buffers and
        // bookkeeping 5 KB; measured with GC.class_histogram): 10,000 of them do not fit the suites' default
        // -Xmx64m, and a worker collecting without end stops answering heartbeats.
        Map<String, String> props = Map.of(
                "suite.webXmx",
                "256m",
                "suite.web",
                "1",
                "suite.ws",
                "1",
                "suite.text",
                "1",
                "suite.frame",
                "1",
                "suite.keepAliveMs",
                "600000");
        try (App app = App.start(dir, props, Map.of(), 4)) {
            long pid = App.pids(app.status(), "web").getFirst();
            int port = app.port("web");
            // Before each window the worker settles: the JIT compiles what start-up (or the accepts) ran, and that
            // work must not land in one window only.
            cpuSeconds(pid, settle);
            double idle = cpuSeconds(pid, seconds);
            checks.measure("web worker CPU over " + seconds + " s with no connection (s)", String.format("%.3f", idle));

            List<Process> clients = openIdle(checks, port, connections, seconds);
            app.await(
                    "the web worker to count " + connections + " connections",
                    Duration.ofSeconds(120),
                    st -> webConnections(st) >= connections);
            cpuSeconds(pid, settle);
            double loaded = cpuSeconds(pid, seconds);
            checks.measure(
                    "web worker CPU over " + seconds + " s with " + connections + " idle connections (s)",
                    String.format("%.3f", loaded));
            double percent = Math.max(0, loaded - idle) / seconds * 100;
            checks.measure(
                    "cost of the idle connections with their deadlines armed (% of one core)",
                    String.format("%.3f", percent));
            checks.check(
                    connections + " idle connections with time limits armed cost at most " + maxPercent + "% of a core",
                    percent <= maxPercent,
                    String.format("%.3f%%", percent));
            checks.check(
                    "none expired during the run (keep-alive limit 10 min)",
                    webConnections(app.status()) >= connections,
                    webConnections(app.status()));
            for (Process p : clients) p.getOutputStream().close();
            for (Process p : clients) p.waitFor(60, TimeUnit.SECONDS);
        }
        System.exit(checks.finish());
    }

    /** Starts client processes holding {@code total} idle connections; returns them once all are open. */
    private static List<Process> openIdle(Checks checks, int port, int total, long seconds) throws IOException {
        List<Process> clients = new ArrayList<>();
        for (int left = total; left > 0; left -= PER_CLIENT) {
            clients.add(new ProcessBuilder(
                            ProcessHandle.current().info().command().orElseThrow(),
                            "-Xmx64m",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            IdleClients.class.getName(),
                            "" + port,
                            "" + Math.min(PER_CLIENT, left),
                            "" + (seconds * 2 + 300))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        int opened = 0;
        for (Process p : clients) {
            String line =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line != null && line.startsWith("open ")) opened += Integer.parseInt(line.substring(5));
        }
        checks.check(total + " idle connections opened", opened == total, opened);
        return clients;
    }

    private static long webConnections(JsonNode status) {
        long n = 0;
        for (JsonNode p : status.path("processes"))
            if (p.path("worker").asText().equals("web"))
                n += p.path("connections").asLong();
        return n;
    }

    /** The process's CPU time (user + system) spent over the next {@code seconds}, in seconds. */
    private static double cpuSeconds(long pid, long seconds) throws IOException, InterruptedException {
        long before = ticks(pid);
        Thread.sleep(seconds * 1000); // the measurement window
        return (ticks(pid) - before) / TICKS_PER_SECOND;
    }

    /** utime + stime of {@code /proc/<pid>/stat} (fields 14 and 15), in clock ticks. */
    static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
