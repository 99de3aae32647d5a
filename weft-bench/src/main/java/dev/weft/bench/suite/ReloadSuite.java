package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rolling reloads under HTTP keep-alive load. {@code --reloads} times in a row: open {@code --ws} WebSocket
 * connections to the reloadable "ws" worker, run {@code reload} (or {@code reload -g} with {@code --graceful})
 * through the CLI, wait until status shows every reloadable pid replaced and all processes idle, then check how
 * each WebSocket connection ended (1001 close frame, never a reset). The load is this JVM's keep-alive
 * clients ({@code --connections}) or, with {@code --wrk}, wrk in 5 s slices.
 *
 * <pre>java -cp ... dev.weft.bench.suite.ReloadSuite [--workers 4] [--reloads 10] [--connections 16] [--ws 8] [--graceful] [--wrk]</pre>
 */
public final class ReloadSuite {
    private ReloadSuite() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(
                args,
                Map.of(
                        "workers",
                        "4",
                        "reloads",
                        "10",
                        "connections",
                        "16",
                        "ws",
                        "8",
                        "graceful",
                        "false",
                        "wrk",
                        "false",
                        "wrk-connections",
                        "64"));
        int workers = Integer.parseInt(o.get("workers"));
        int reloads = Integer.parseInt(o.get("reloads"));
        boolean wrk = Boolean.parseBoolean(o.get("wrk"));
        boolean graceful = Boolean.parseBoolean(o.get("graceful"));
        Checks checks = new Checks("reload under load: " + workers + " web workers, " + reloads
                + (graceful ? " graceful" : "") + " reloads, load "
                + (wrk ? "wrk -c" + o.get("wrk-connections") : o.get("connections") + " keep-alive connections"));
        Path dir = Checks.tempDir("reload");
        int wsCount = 2;
        try (App app = App.start(
                dir, Map.of("suite.web", "" + workers, "suite.ws", "" + wsCount), Map.of(), workers + wsCount + 2)) {
            int port = app.port("web");
            int wsPort = app.port("ws");
            Map<String, Long> fixed = app.allPids();
            fixed.keySet().removeIf(k -> k.startsWith("web:") || k.startsWith("ws:"));
            HttpLoad load = wrk ? null : new HttpLoad(port, "/", Integer.parseInt(o.get("connections")));
            WrkLoad wrkLoad = wrk ? new WrkLoad(port, Integer.parseInt(o.get("wrk-connections"))) : null;
            if (load != null) load.awaitOk(500, 60_000);
            else wrkLoad.awaitRequests(500, 60_000);

            List<Long> times = new ArrayList<>();
            int wsClean = 0;
            List<String> wsBad = new ArrayList<>();
            for (int i = 1; i <= reloads; i++) {
                List<WsClient> clients = new ArrayList<>();
                for (int k = 0; k < Integer.parseInt(o.get("ws")); k++) {
                    WsClient ws = new WsClient(wsPort);
                    if (!ws.echo("hi " + k).equals("hi " + k)) wsBad.add("echo failed before reload " + i);
                    clients.add(ws);
                }
                JsonNode before = app.status();
                List<Long> old = new ArrayList<>(App.pids(before, "web"));
                old.addAll(App.pids(before, "ws"));
                long t0 = System.nanoTime();
                App.CliResult r = graceful ? app.cli("reload", "-g") : app.cli("reload");
                if (r.code() != 0) {
                    checks.check("reload " + i + " CLI exit 0", false, r.code() + " " + r.err());
                    break;
                }
                int total = workers + wsCount + 2;
                app.await("reload " + i + " replaced every web and ws pid", Duration.ofSeconds(120), s -> {
                    if (!App.allIdle(s, total)) return false;
                    List<Long> now = new ArrayList<>(App.pids(s, "web"));
                    now.addAll(App.pids(s, "ws"));
                    return now.size() == old.size() && now.stream().noneMatch(old::contains);
                });
                long ms = (System.nanoTime() - t0) / 1_000_000;
                times.add(ms);
                for (WsClient ws : clients) {
                    WsClient.Ending e = ws.awaitEnd(15_000);
                    if (e.code() == 1001 && !e.how().contains("reset")) wsClean++;
                    else wsBad.add("reload " + i + ": " + e);
                    ws.close();
                }
                System.out.println("  reload " + i + ": " + ms + " ms (CLI " + r.millis() + " ms), load so far: "
                        + (load != null ? load : wrkLoad));
                if (load != null) load.awaitOk(100, 60_000);
                else wrkLoad.awaitRequests(100, 60_000);
            }
            long total = times.stream().mapToLong(Long::longValue).sum();
            checks.measure("reloads done", times.size());
            checks.measure("time per reload (CLI start → all pids replaced and idle), ms", times);
            checks.measure("total reload time, ms", total);
            if (load != null) {
                load.stop();
                checks.measure("HTTP load", load);
                checks.noRequestFailed(load);
            } else {
                wrkLoad.stop();
                checks.measure("wrk", wrkLoad);
                checks.check("wrk: no socket errors and no non-2xx responses", wrkLoad.errors() == 0, wrkLoad.errors());
            }
            checks.check("every reload finished", times.size() == reloads, times.size() + "/" + reloads);
            checks.check(
                    "every WebSocket connection on a reloaded worker ended with a 1001 close frame",
                    wsBad.isEmpty(),
                    wsClean + " clean" + (wsBad.isEmpty() ? "" : ", bad: " + wsBad));
            Map<String, Long> fixedAfter = app.allPids();
            fixedAfter.keySet().removeIf(k -> k.startsWith("web:") || k.startsWith("ws:"));
            checks.check("non-reloadable workers kept their pids", fixedAfter.equals(fixed), fixedAfter);
            checks.check("no child exited with an error", !app.log().contains("exit with status"), null);
        }
        System.exit(checks.finish());
    }
}
