package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Chaos: for {@code --seconds} under keep-alive load, SIGKILL a random "web" child every {@code --interval-ms};
 * then check every slot was refilled, the master lived, {@code status --json} exit_info counted every kill as
 * 137, and no completed request failed. Connections broken by a kill are counted apart (a request in flight on
 * a killed child can fail). Finally SIGKILL the master and check that no child is left.
 *
 * <pre>java -cp ... dev.weft.bench.suite.ChaosSuite [--seconds 60] [--interval-ms 2000] [--workers 4] [--connections 16]</pre>
 */
public final class ChaosSuite {
    private ChaosSuite() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(
                args, Map.of("seconds", "60", "interval-ms", "2000", "workers", "4", "connections", "16"));
        int workers = Integer.parseInt(o.get("workers"));
        long seconds = Long.parseLong(o.get("seconds"));
        long interval = Long.parseLong(o.get("interval-ms"));
        Checks checks = new Checks("chaos: SIGKILL a random web child every " + interval + " ms for " + seconds + " s, "
                + workers + " web workers, " + o.get("connections") + " keep-alive connections");
        Path dir = Checks.tempDir("chaos");
        int total = workers + 3;
        App app = App.start(dir, Map.of("suite.web", "" + workers, "suite.ws", "1"), Map.of(), total);
        try {
            int port = app.port("web");
            long masterPid = app.master.pid();
            // half the connections hit /sleep?ms=20 so that kills land on requests in flight too
            int conns = Integer.parseInt(o.get("connections"));
            HttpLoad fast = new HttpLoad(port, "/", conns - conns / 2);
            HttpLoad slow = new HttpLoad(port, "/sleep?ms=20", conns / 2);
            fast.awaitOk(200, 60_000);
            List<Long> killed = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long next = System.nanoTime();
            while (System.nanoTime() < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000); // the chaos schedule itself, not synchronisation
                next += interval * 1_000_000;
                List<Long> web = app.pids("web");
                web.removeIf(killed::contains);
                if (web.isEmpty()) continue;
                long victim = web.get(ThreadLocalRandom.current().nextInt(web.size()));
                ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
                killed.add(victim);
                if (!app.master.isAlive()) break;
            }
            checks.measure("children SIGKILLed", killed.size());
            checks.check("the master never died", app.master.isAlive(), "pid " + masterPid);
            JsonNode s = app.await("every slot refilled by a live, idle child", Duration.ofSeconds(120), st -> {
                if (!App.allIdle(st, total)) return false;
                return App.pids(st, "web").stream().noneMatch(killed::contains);
            });
            checks.check("every slot is refilled", App.pids(s, "web").size() == workers, App.pids(s, "web"));
            fast.awaitOk(200, 60_000);
            fast.stop();
            slow.stop();
            long exit137 = 0;
            for (JsonNode e : s.path("exit_info")) {
                if (e.path("worker").asText().equals("web") && e.path("status").asInt() == 137)
                    exit137 = e.path("count").asLong();
            }
            checks.measure("exit_info", s.path("exit_info"));
            checks.check(
                    "status --json exit_info counts every SIGKILL as status 137",
                    exit137 == killed.size(),
                    exit137 + " of " + killed.size());
            checks.measure("load on /", fast);
            checks.measure("load on /sleep?ms=20", slow);
            long completedBad = fast.non2xx.get() + slow.non2xx.get();
            checks.check("no completed request failed (non-2xx)", completedBad == 0, completedBad);
            checks.check(
                    "no connect failed (the master keeps the listening socket)",
                    fast.connectFailed.get() + slow.connectFailed.get() == 0,
                    fast.connectFailed.get() + slow.connectFailed.get());
            long broken = fast.midResponse.get()
                    + slow.midResponse.get()
                    + fast.gaveUp.get()
                    + slow.gaveUp.get()
                    + fast.retriedReset.get()
                    + slow.retriedReset.get()
                    + fast.retriedEof.get()
                    + slow.retriedEof.get();
            checks.measure(
                    "connections broken by a kill (retried or failed; counted apart from completed requests)", broken);
            checks.check(
                    "broken connections are bounded by kills × connections",
                    broken <= (long) killed.size() * conns,
                    broken);

            // SIGKILL the master: every child must notice (EOF on the workers socket) and exit.
            List<ProcessHandle> children = app.master.descendants().toList();
            app.master.destroyForcibly();
            app.master.waitFor(30, TimeUnit.SECONDS);
            List<Long> left = new ArrayList<>();
            for (ProcessHandle h : children) {
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    left.add(h.pid());
                }
            }
            checks.check(
                    "after SIGKILL of the master no child is left (ProcessHandle, 30 s bound)",
                    left.isEmpty(),
                    children.size() + " children, left: " + left);
            Process pg = new ProcessBuilder("pgrep", "-f", "suite.dir=" + dir.resolve("run")).start();
            String pgOut = new String(pg.getInputStream().readAllBytes()).trim();
            pg.waitFor();
            checks.check("pgrep -f finds no process of this app", pgOut.isEmpty(), pgOut);
        } finally {
            app.stopAndReap();
        }
        System.exit(checks.finish());
    }
}
