package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long a slot is out of service after its child is SIGKILLed: the time from the kill until a request is
 * answered by the new pid. Two apps run side by side, each with one "web" process (so the gap is visible: with
 * two, the other would answer meanwhile): one with a warm standby, one without (the baseline, a new JVM per
 * replacement). Kills alternate between them, {@code --kills} each; medians are compared.
 *
 * <pre>java -cp ... dev.weft.bench.suite.ReplaceSuite [--kills 10]</pre>
 */
public final class ReplaceSuite {
    /** The master's crash window (Master.CRASH_WINDOW) plus a margin. */
    private static final long CRASH_WINDOW_MS = 5_500;

    private ReplaceSuite() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(args, Map.of("kills", "10"));
        int kills = Integer.parseInt(o.get("kills"));
        Checks checks = new Checks("SIGKILL of the only web child → a request answered by its successor, " + kills
                + " kills with a standby and " + kills + " without, alternating");
        int others = 3; // ws, text, frame (with standbys, web and ws have one each)
        try (App warm = App.start(
                        Checks.tempDir("replace-standby"),
                        Map.of("suite.web", "1", "suite.standby", "1"),
                        Map.of(),
                        1 + 2 + others);
                App cold = App.start(Checks.tempDir("replace-cold"), Map.of("suite.web", "1"), Map.of(), 1 + others)) {
            List<Long> withStandby = new ArrayList<>();
            List<Long> without = new ArrayList<>();
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < kills; i++) {
                withStandby.add(killAndTime(warm, 1 + 2 + others, wrong));
                without.add(killAndTime(cold, 1 + others, wrong));
            }
            long a = Checks.median(withStandby), b = Checks.median(without);
            checks.measure("ms to serve again, with a standby", withStandby + " median " + a);
            checks.measure("ms to serve again, new JVM (baseline)", without + " median " + b);
            checks.measure("baseline / standby", String.format("%.1fx", (double) b / Math.max(1, a)));
            checks.check("every request after a kill was answered by another pid", wrong.isEmpty(), wrong);
            checks.check("median with a standby within the 100 ms goal", a <= 100, a + " ms");
        }
        System.exit(checks.finish());
    }

    /** Kills the serving web child, times the first answer from its successor, and waits until all is idle again. */
    private static long killAndTime(App app, int processes, List<String> wrong) throws Exception {
        // A child killed within 5 s of its start counts as a crash, and its slot backs off first: the measure
        // is for a child that has served for a while, so wait out that window.
        Thread.sleep(CRASH_WINDOW_MS);
        long victim = servingPid(app.status());
        int port = app.port("web");
        new ProcessBuilder("kill", "-KILL", Long.toString(victim)).start().waitFor();
        long t0 = System.nanoTime();
        String pid = getPid(port);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (pid.equals(Long.toString(victim))) wrong.add("answered by the killed pid " + victim);
        app.awaitIdle(processes, Duration.ofSeconds(90));
        return ms;
    }

    private static long servingPid(JsonNode status) {
        for (JsonNode p : status.path("processes"))
            if (p.path("worker").asText().equals("web")
                    && !p.path("status").asText().equals("standby"))
                return p.path("pid").asLong();
        throw new IllegalStateException("no serving web process in " + status);
    }

    /** One GET /pid on a new connection; it waits in the shared accept queue until a process accepts it. */
    private static String getPid(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream()
                    .write("GET /pid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return response.substring(response.indexOf("\r\n\r\n") + 4).trim();
        }
    }
}
