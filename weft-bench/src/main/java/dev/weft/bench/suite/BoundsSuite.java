package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Resource bounds: {@code --idle} idle TCP connections on the two "text" workers, opened by client processes
 * of at most 10,000 sockets each; {@code --sleepers} sleeping coroutines in one "web" worker, counted with
 * {@code co stats} (and {@code co list} up to {@code --list-max}) and removed with {@code co kill --older-than}; a slow reader that stops reading hits the
 * 1 MiB send buffer limit while other connections keep working; RSS of every worker from status.
 *
 * <pre>java -cp ... dev.weft.bench.suite.BoundsSuite [--idle 20000] [--sleepers 1000000] [--web-xmx 4g] [--master-xmx 1g] [--list-max 100000]</pre>
 */
public final class BoundsSuite {
    private static final int PER_CLIENT = 10_000;

    private BoundsSuite() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(
                args,
                Map.of(
                        "idle",
                        "20000",
                        "sleepers",
                        "1000000",
                        "web-xmx",
                        "4g",
                        "master-xmx",
                        "1g",
                        "list-max",
                        "100000"));
        int idle = Integer.parseInt(o.get("idle"));
        int sleepers = Integer.parseInt(o.get("sleepers"));
        Checks checks = new Checks(
                "resource bounds: " + idle + " idle connections, " + sleepers + " sleeping coroutines, a slow reader");
        Path dir = Checks.tempDir("bounds");
        int total = 2 + 1 + 2 + 1;
        try (App app = App.start(
                dir,
                Map.of("suite.web", "2", "suite.text", "2", "suite.webXmx", o.get("web-xmx")),
                Map.of(),
                total,
                List.of("-Xmx" + o.get("master-xmx")))) {
            checks.measure(
                    "master heap",
                    "-Xmx" + o.get("master-xmx") + " (the master relays co list replies as one JSON line; with -Xmx64m"
                            + " a 100,000-entry list made it throw OutOfMemoryError on the worker link, and it SIGKILLed that worker 30 s later)");
            rss(checks, app, "at start");
            idleConnections(checks, app, idle);
            slowReader(checks, app);
            sleepers(checks, app, sleepers, Integer.parseInt(o.get("list-max")));
            rss(checks, app, "at the end");
        }
        System.exit(checks.finish());
    }

    private static void rss(Checks checks, App app, String when) throws Exception {
        List<String> rows = new ArrayList<>();
        for (JsonNode p : app.status().path("processes")) {
            rows.add(p.path("worker").asText() + ":" + p.path("id").asText() + " "
                    + p.path("memory").asLong() / (1024 * 1024) + " MB");
        }
        checks.measure("worker RSS " + when + " (status --json memory)", rows);
    }

    private static long textConnections(JsonNode s) {
        long n = 0;
        for (JsonNode p : s.path("processes"))
            if (p.path("worker").asText().equals("text"))
                n += p.path("connections").asLong();
        return n;
    }

    private static void idleConnections(Checks checks, App app, int idle) throws Exception {
        int port = app.port("text");
        List<Process> clients = new ArrayList<>();
        long t0 = System.nanoTime();
        int opened = 0;
        List<String> failures = new ArrayList<>();
        for (int left = idle; left > 0; left -= PER_CLIENT) {
            int n = Math.min(PER_CLIENT, left);
            clients.add(new ProcessBuilder(
                            ProcessHandle.current().info().command().orElseThrow(),
                            "-Xmx64m",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            IdleClients.class.getName(),
                            "" + port,
                            "" + n,
                            "300")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        for (Process p : clients) {
            String line =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line != null && line.startsWith("open ")) opened += Integer.parseInt(line.substring(5));
            else failures.add(String.valueOf(line));
        }
        checks.measure(
                "idle connections opened by " + clients.size() + " client processes in ms",
                (System.nanoTime() - t0) / 1_000_000);
        checks.check(idle + " idle connections opened", opened == idle && failures.isEmpty(), opened + " " + failures);
        int all = opened;
        JsonNode s = app.await(
                "the text workers to count " + all + " connections",
                Duration.ofSeconds(120),
                st -> textConnections(st) >= all);
        List<String> per = new ArrayList<>();
        for (JsonNode p : s.path("processes")) {
            if (p.path("worker").asText().equals("text")) {
                per.add("pid " + p.path("pid").asText() + ": "
                        + p.path("connections").asText() + " connections, RSS "
                        + p.path("memory").asLong() / (1024 * 1024) + " MB");
            }
        }
        checks.check("status counts every idle connection on the 2 text workers", textConnections(s) == opened, per);
        rss(checks, app, "with " + opened + " idle connections");
        HttpLoad.Conn http = new HttpLoad.Conn(app.port("web"));
        checks.check("a normal HTTP request succeeds meanwhile", http.get("/") == 200, null);
        http.closeQuietly();
        for (Process p : clients) p.getOutputStream().close();
        for (Process p : clients) p.waitFor(60, TimeUnit.SECONDS);
        app.await("the idle connections to close", Duration.ofSeconds(120), st -> textConnections(st) == 0);
        checks.check("the workers saw every idle connection close", true, null);
    }

    private static void slowReader(Checks checks, App app) throws Exception {
        int port = app.port("text");
        long failBefore = sendFail(app.status());
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setReceiveBufferSize(64 * 1024);
            slow.getOutputStream().write("flood 256\n".getBytes(StandardCharsets.US_ASCII)); // 16 MiB, never read
            slow.getOutputStream().flush();
            JsonNode s = app.await(
                    "send_fail to grow (the slow reader's buffer is full)",
                    Duration.ofSeconds(60),
                    st -> sendFail(st) > failBefore);
            checks.check(
                    "the slow reader hits maxSendBufferSize (send_fail counted)",
                    sendFail(s) > failBefore,
                    sendFail(s) - failBefore + " dropped sends");
            int ok = 0;
            for (int i = 0; i < 6; i++) {
                try (Socket other = new Socket("127.0.0.1", port)) {
                    other.setSoTimeout(10_000);
                    OutputStream out = other.getOutputStream();
                    out.write(("ping " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String line = new BufferedReader(
                                    new InputStreamReader(other.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                    if (("ping " + i).equals(line)) ok++;
                }
            }
            checks.check(
                    "other connections to the text workers still echo while the slow reader is stuck",
                    ok == 6,
                    ok + "/6");
            checks.check(
                    "the worker logged the full buffer",
                    app.log().contains("send buffer full"),
                    app.log()
                            .lines()
                            .filter(l -> l.contains("suite: "))
                            .limit(3)
                            .toList());
        }
    }

    private static long sendFail(JsonNode s) {
        long n = 0;
        for (JsonNode p : s.path("processes")) n += p.path("send_fail").asLong();
        return n;
    }

    private static void sleepers(Checks checks, App app, int n, int listMax) throws Exception {
        HttpLoad.Conn http = new HttpLoad.Conn(app.port("web"));
        long t0 = System.nanoTime();
        int status = http.get("/spawn?n=" + n + "&ms=3600000");
        http.closeQuietly();
        checks.measure("spawning " + n + " sleepers over HTTP, ms", (System.nanoTime() - t0) / 1_000_000);
        checks.check("spawn answered 200", status == 200, http.body);
        java.util.regex.Matcher pidIn =
                java.util.regex.Pattern.compile("in pid (\\d+)").matcher(http.body);
        long pid = pidIn.find() ? Long.parseLong(pidIn.group(1)) : -1;
        long target = pid;
        JsonNode counted = app.await("status to count the sleepers of pid " + pid, Duration.ofSeconds(120), st -> {
            for (JsonNode p : st.path("processes"))
                if (p.path("pid").asLong() == target)
                    return p.path("coroutines").asLong() >= n;
            return false;
        });
        long most = 0;
        for (JsonNode p : counted.path("processes"))
            if (p.path("pid").asLong() == target) most = p.path("coroutines").asLong();
        rss(checks, app, "with " + n + " sleepers");
        App.CliResult stats = app.cli("co", "stats", "--json", "--pid", "" + pid, "--timeout", "120s");
        checks.measure(
                "co stats --json (CLI ms)",
                stats.millis() + " " + stats.out().strip().replaceAll("\\s+", " "));
        checks.check(
                "co stats counts the sleepers",
                stats.code() == 0 && most >= n,
                "status coroutines " + most + " in pid " + pid);
        if (n <= listMax) {
            App.CliResult list = app.cli("co", "list", "--json", "--pid", "" + pid, "--timeout", "120s");
            long listed = list.out().split("\"sleeper\"", -1).length - 1;
            checks.measure("co list --json: output bytes, CLI ms", list.out().length() + ", " + list.millis());
            checks.check("co list lists every sleeper", list.code() == 0 && listed >= n, listed + " listed");
        } else {
            checks.measure(
                    "co list",
                    "skipped above --list-max " + listMax + ": the worker builds the whole reply on its one carrier"
                            + " thread; at 1,000,000 it missed heartbeats for 30 s and the master SIGKILLed it (see BENCHMARKS.md)");
        }
        App.CliResult kill =
                app.cli("co", "kill", "--older-than", "1s", "--pid", "" + pid, "--timeout", "300s", "--json");
        java.util.regex.Matcher count =
                java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(kill.out());
        checks.measure(
                "co kill --older-than 1s: CLI ms, killed",
                kill.millis() + ", " + (count.find() ? count.group(1) : "?"));
        checks.check("co kill exits 0", kill.code() == 0, kill.err().strip());
        JsonNode s = app.await("the killed sleepers to finish", Duration.ofSeconds(180), st -> {
            for (JsonNode p : st.path("processes"))
                if (p.path("pid").asLong() == target)
                    return p.path("coroutines").asLong() < 100;
            return false;
        });
        for (JsonNode p : s.path("processes")) {
            if (p.path("pid").asLong() == target)
                checks.check(
                        "the sleepers are gone after the kill",
                        true,
                        p.path("coroutines").asLong() + " coroutines left");
        }
        HttpLoad.Conn after = new HttpLoad.Conn(app.port("web"));
        boolean served = true;
        for (int i = 0; i < 4; i++) served &= after.get("/") == 200;
        after.closeQuietly();
        checks.check("the web workers still serve", served, null);
    }
}
