package dev.weft.server;

import dev.weft.server.internal.cli.ControlClient;
import dev.weft.server.internal.status.ProcMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurements for BENCHMARKS.md (section "[3/6] Master and worker processes") (not a test). Run with the test class path:
 * {@code java --enable-native-access=ALL-UNNAMED -cp <test cp> dev.weft.server.ServerBench <dir> [-Dkey=value child JVM options as app props]}.
 * Extra JVM options for master and children are taken from the system property {@code bench.jvm}
 * (space separated, e.g. "-XX:SharedArchiveFile=/tmp/app.jsa -XX:+AutoCreateSharedArchive").
 */
public final class ServerBench {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Map<String, String> props = new HashMap<>(Map.of("app.count", "8"));
        String extra = System.getProperty("bench.jvm", "").trim();
        List<String> jvm = extra.isEmpty() ? List.of() : List.of(extra.split(" "));
        long t0 = System.nanoTime();
        try (Cluster c = Cluster.startWith(dir, props, 8, jvm)) {
            System.out.printf("start: master + 8 children ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            // status round trip over the control socket (the master asks all 8 children), median of 200
            List<Long> rtt = new ArrayList<>();
            for (int i = 0; i < 220; i++) {
                long s = System.nanoTime();
                ControlClient.call(c.settings(), "status", null);
                if (i >= 20) rtt.add(System.nanoTime() - s);
            }
            Collections.sort(rtt);
            System.out.printf(
                    "status round trip (8 children): median %.2f ms, p90 %.2f ms%n",
                    rtt.get(rtt.size() / 2) / 1e6, rtt.get(rtt.size() * 9 / 10) / 1e6);
            // CLI wall time
            List<Long> cli = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long s = System.nanoTime();
                c.cli("status", "--json");
                cli.add(System.nanoTime() - s);
            }
            Collections.sort(cli);
            System.out.printf("CLI `status --json` wall time: median %d ms%n", cli.get(2) / 1_000_000);
            // idle RSS of the children
            long rss = 0;
            List<Long> pids = c.pids("web");
            for (long p : pids) rss += ProcMemory.rss(p);
            System.out.printf("idle child RSS: mean %.1f MiB%n", rss / (double) pids.size() / 1048576);
            // SIGKILL -> replacement accepting: the listener stays open in the master, so a request sent
            // right after the kill waits in the accept queue until some child accepts it. Use slot 0 only.
            List<Long> replace = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long victim = c.pids("web").get(0);
                long s = System.nanoTime();
                Cluster.signal(victim, "KILL");
                while (c.pids("web").contains(victim)
                        || !c.status()
                                .path("processes")
                                .get(0)
                                .path("status")
                                .asText()
                                .equals("idle")
                        || c.pids("web").size() != 8) {
                    Thread.sleep(5);
                }
                replace.add(System.nanoTime() - s);
            }
            Collections.sort(replace);
            System.out.printf(
                    "SIGKILL -> replacement ready (status idle): median %d ms (min %d, max %d)%n",
                    replace.get(2) / 1_000_000, replace.get(0) / 1_000_000, replace.get(4) / 1_000_000);
        }
    }
}
