package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Master upgrades under HTTP load. {@code --upgrades} times in a row: run {@code upgrade} through the CLI (a new
 * master JVM takes over the listening sockets, control socket and pid file; the old one retires its children
 * and exits), time it from starting the CLI until it returns (new master ready, old master gone), and check that
 * a new master with new children serves the same port. The load is this JVM's keep-alive clients
 * ({@code --connections}) or, with {@code --wrk}, wrk in 5 s slices; no request may fail.
 *
 * <pre>java -cp ... dev.weft.bench.suite.UpgradeSuite [--workers 4] [--upgrades 3] [--connections 16] [--wrk]</pre>
 */
public final class UpgradeSuite {
    private UpgradeSuite() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(
                args,
                Map.of(
                        "workers", "4",
                        "upgrades", "3",
                        "connections", "16",
                        "wrk", "false",
                        "wrk-connections", "64"));
        int workers = Integer.parseInt(o.get("workers"));
        int upgrades = Integer.parseInt(o.get("upgrades"));
        boolean wrk = Boolean.parseBoolean(o.get("wrk"));
        Checks checks = new Checks("upgrade under load: " + workers + " web workers, " + upgrades + " upgrades, load "
                + (wrk ? "wrk -c" + o.get("wrk-connections") : o.get("connections") + " keep-alive connections"));
        Path dir = Checks.tempDir("upgrade");
        int total = workers + 2 + 2; // web, ws x2, text, frame
        try (App app = App.start(dir, Map.of("suite.web", "" + workers, "suite.ws", "2"), Map.of(), total)) {
            int port = app.port("web");
            HttpLoad load = wrk ? null : new HttpLoad(port, "/", Integer.parseInt(o.get("connections")));
            WrkLoad wrkLoad = wrk ? new WrkLoad(port, Integer.parseInt(o.get("wrk-connections"))) : null;
            if (load != null) load.awaitOk(500, 60_000);
            else wrkLoad.awaitRequests(500, 60_000);

            List<Long> times = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            app.upgraded = true;
            for (int i = 1; i <= upgrades; i++) {
                JsonNode before = app.status();
                long oldMaster = before.path("master").path("pid").asLong();
                List<Long> oldWeb = App.pids(before, "web");
                long t0 = System.nanoTime();
                App.CliResult r = app.cli("upgrade");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (r.code() != 0) {
                    checks.check("upgrade " + i + " CLI exit 0", false, r.code() + " " + r.err());
                    break;
                }
                times.add(ms);
                if (ProcessHandle.of(oldMaster).filter(ProcessHandle::isAlive).isPresent())
                    bad.add("upgrade " + i + ": old master " + oldMaster + " alive after upgrade returned");
                JsonNode after = app.await(
                        "upgrade " + i + ": all idle under the new master",
                        Duration.ofSeconds(60),
                        s -> App.allIdle(s, total)
                                && s.path("master").path("pid").asLong() != oldMaster);
                if (App.pids(after, "web").stream().anyMatch(oldWeb::contains))
                    bad.add("upgrade " + i + ": an old web child still serves");
                if (app.port("web") != port) bad.add("upgrade " + i + ": web moved to port " + app.port("web"));
                System.out.println("  upgrade " + i + ": " + ms + " ms (master " + oldMaster + " -> "
                        + after.path("master").path("pid").asLong() + "), load so far: "
                        + (load != null ? load : wrkLoad));
                if (load != null) load.awaitOk(100, 60_000);
                else wrkLoad.awaitRequests(100, 60_000);
            }
            checks.measure("upgrades done", times.size());
            checks.measure("time per upgrade (CLI start → new master ready and old master exited), ms", times);
            if (load != null) {
                load.stop();
                checks.measure("HTTP load", load);
                checks.noRequestFailed(load);
            } else {
                wrkLoad.stop();
                checks.measure("wrk", wrkLoad);
                checks.check("wrk: no socket errors and no non-2xx responses", wrkLoad.errors() == 0, wrkLoad.errors());
            }
            checks.check("every upgrade finished", times.size() == upgrades, times.size() + "/" + upgrades);
            checks.check("each upgrade replaced the master and every web child on the same port", bad.isEmpty(), bad);
            checks.check("no child exited with an error", !app.log().contains("exit with status"), null);
        }
        System.exit(checks.finish());
    }
}
