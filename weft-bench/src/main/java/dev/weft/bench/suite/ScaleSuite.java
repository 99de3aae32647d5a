package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scaling at run time under HTTP load. {@code --steps} times: {@code scale web N+1}, timed from starting the
 * CLI until the new process answers a request ({@code /pid} on fresh connections names it; the shared accept
 * queue decides who answers, so this polls), then {@code scale web N} back down (the highest slot retires
 * gracefully). No request of the keep-alive load may fail.
 *
 * <pre>java -cp ... dev.weft.bench.suite.ScaleSuite [--workers 2] [--steps 3] [--connections 8]</pre>
 */
public final class ScaleSuite {
    private ScaleSuite() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(args, Map.of("workers", "2", "steps", "3", "connections", "8"));
        int workers = Integer.parseInt(o.get("workers"));
        int steps = Integer.parseInt(o.get("steps"));
        Checks checks = new Checks("scale under load: web " + workers + " -> " + (workers + 1) + " -> " + workers + ", "
                + steps + " times, " + o.get("connections") + " keep-alive connections");
        Path dir = Checks.tempDir("scale");
        int others = 1 + 1 + 1; // ws, text, frame
        try (App app = App.start(dir, Map.of("suite.web", "" + workers), Map.of(), workers + others)) {
            int port = app.port("web");
            HttpLoad load = new HttpLoad(port, "/", Integer.parseInt(o.get("connections")));
            load.awaitOk(500, 60_000);
            List<Long> upToServing = new ArrayList<>();
            List<Long> upToReady = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            for (int i = 1; i <= steps; i++) {
                List<Long> before = app.pids("web");
                long t0 = System.nanoTime();
                App.CliResult up = app.cli("scale", "web", Integer.toString(workers + 1));
                if (up.code() != 0) {
                    checks.check("scale up " + i + " CLI exit 0", false, up.code() + " " + up.err());
                    break;
                }
                JsonNode s = app.await(
                        "scale up " + i + ": " + (workers + 1) + " web processes idle",
                        Duration.ofSeconds(60),
                        st -> App.pids(st, "web").size() == workers + 1 && App.allIdle(st, workers + 1 + others));
                upToReady.add((System.nanoTime() - t0) / 1_000_000);
                List<Long> added = new ArrayList<>(App.pids(s, "web"));
                added.removeAll(before);
                if (added.size() != 1) {
                    bad.add("scale up " + i + ": new web pids " + added);
                    break;
                }
                awaitAnswerFrom(port, added.get(0), Duration.ofSeconds(30));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                upToServing.add(ms);
                System.out.println("  scale up " + i + ": process " + added.get(0) + " ready after "
                        + upToReady.get(upToReady.size() - 1) + " ms, answered after " + ms + " ms");
                App.CliResult down = app.cli("scale", "web", Integer.toString(workers));
                if (down.code() != 0) {
                    checks.check("scale down " + i + " CLI exit 0", false, down.code() + " " + down.err());
                    break;
                }
                app.await(
                        "scale down " + i + ": back to " + workers + " web processes",
                        Duration.ofSeconds(60),
                        st -> App.pids(st, "web").size() == workers && App.allIdle(st, workers + others));
                load.awaitOk(100, 60_000);
            }
            load.stop();
            checks.measure("scale up, CLI start → new process ready in status, ms", upToReady);
            checks.measure("scale up, CLI start → new process answered a request, ms", upToServing);
            checks.measure("HTTP load", load);
            checks.check("every step scaled up and down", upToServing.size() == steps && bad.isEmpty(), bad);
            checks.noRequestFailed(load);
        }
        System.exit(checks.finish());
    }

    /** Polls {@code /pid} on fresh connections until {@code pid} answers one. */
    static void awaitAnswerFrom(int port, long pid, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        String want = Long.toString(pid);
        while (System.nanoTime() < end) {
            if (answer(port, "/pid").endsWith("\r\n\r\n" + want)) return;
            Thread.onSpinWait();
        }
        throw new IllegalStateException("process " + pid + " answered no request within " + limit);
    }

    private static String answer(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
