package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Recycling under HTTP load: the web Worker has {@code maxRequests(--max-requests, --jitter)}, so each child is
 * replaced (new process first) after that many requests while keep-alive clients keep it busy. Runs until the
 * web slots have been recycled {@code --recycles} times in all; no request may fail, and status counts the
 * recycles.
 *
 * <pre>java -cp ... dev.weft.bench.suite.RecycleSuite [--workers 2] [--max-requests 20000] [--jitter 2000]
 *     [--recycles 6] [--connections 8]</pre>
 */
public final class RecycleSuite {
    private RecycleSuite() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(
                args,
                Map.of("workers", "2", "max-requests", "20000", "jitter", "2000", "recycles", "6", "connections", "8"));
        int workers = Integer.parseInt(o.get("workers"));
        int recycles = Integer.parseInt(o.get("recycles"));
        Checks checks =
                new Checks("recycling under load: " + workers + " web workers, maxRequests(" + o.get("max-requests")
                        + ", " + o.get("jitter") + "), " + recycles + " recycles, " + o.get("connections")
                        + " keep-alive connections");
        Path dir = Checks.tempDir("recycle");
        int total = workers + 3; // ws, text, frame
        Map<String, String> props = Map.of(
                "suite.web", "" + workers,
                "suite.maxRequests", o.get("max-requests"),
                "suite.maxRequestsJitter", o.get("jitter"));
        try (App app = App.start(dir, props, Map.of(), total)) {
            HttpLoad load = new HttpLoad(app.port("web"), "/", Integer.parseInt(o.get("connections")));
            long t0 = System.nanoTime();
            JsonNode s = app.await(
                    recycles + " recycles of the web slots", Duration.ofMinutes(10), st -> webRecycles(st) >= recycles);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000;
            load.stop();
            checks.measure("web recycles counted in status", webRecycles(s));
            checks.measure("seconds of load", seconds);
            checks.measure("HTTP load", load);
            checks.noRequestFailed(load);
            checks.check("no child exited with an error", !app.log().contains("exit with status"), null);
        }
        System.exit(checks.finish());
    }

    /** The recycles of the web slots, summed over its processes in a status document. */
    private static long webRecycles(JsonNode status) {
        long n = 0;
        for (JsonNode p : status.path("processes"))
            if (p.path("worker").asText().equals("web")) n += p.path("recycles").asLong();
        return n;
    }
}
