package dev.weft.bench.suite;

import dev.weft.coroutine.Co;
import dev.weft.net.Connection;
import dev.weft.net.TimeLimits;
import dev.weft.net.TlsConfig;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.server.Weft;
import dev.weft.server.Worker;
import java.time.Duration;

/**
 * The application the suites attack; master, children and CLI all run this main. Configured by
 * system properties (the master passes them on to its children with its other JVM options):
 * <ul>
 *   <li>{@code suite.dir}: run directory (required)</li>
 *   <li>{@code suite.web} (4): processes of the reloadable HTTP worker "web" on a free port: {@code /} hello,
 *       {@code /sleep?ms=}, {@code /spawn?n=&ms=} (starts n coroutines named {@code sleeper} that sleep ms)</li>
 *   <li>{@code suite.standby} (0): warm standbys of "web" and of "ws"</li>
 *   <li>{@code suite.ws} (1): processes of the reloadable WebSocket echo "ws"</li>
 *   <li>{@code suite.text} (1): processes of the text worker "text": echoes a line; {@code flood N} answers
 *       N lines of 64 KiB without waiting for the peer (the slow-reader check), send buffer 1 MiB</li>
 *   <li>{@code suite.frame} (1): processes of the frame:// echo "frame" (payload limit 1 MiB)</li>
 *   <li>{@code suite.headTimeoutMs}, {@code suite.keepAliveMs}: the web worker's request head and keep-alive
 *       limits (default nginx's 60 s and 75 s)</li>
 *   <li>{@code suite.tlsP12}: a PKCS#12 keystore (password {@link HostileTls#PASSWORD}); when set, an
 *       {@code https} Worker "https" (1 process) answers {@code /} hello, with a TLS handshake timeout of
 *       {@code suite.tlsHandshakeMs} (10000)</li>
 *   <li>{@code suite.webXmx}: a heap size for the web worker's children only (the million sleepers)</li>
 *   <li>{@code suite.maxRequests}, {@code suite.maxRequestsJitter}: recycle each web child after that many
 *       requests ({@code Worker.maxRequests}; the recycling suite)</li>
 *   <li>{@code suite.topicSubs}: instead of all of the above, {@link TopicApp}'s Workers (the topic benchmark)</li>
 * </ul>
 * A port of 0 is a free port; the suites read the real one from {@code status}.
 */
public final class SuiteApp {
    private static final int FLOOD_LINE = 64 * 1024;

    private SuiteApp() {}

    /** Declares the Workers and runs the Weft command line. */
    public static void main(String[] args) {
        Weft.runDir(System.getProperty("suite.dir"));
        Weft.appName("suite");
        Weft.commandTimeout(Duration.ofSeconds(Long.getLong("suite.commandTimeoutS", 5)));
        if (Integer.getInteger("suite.topicSubs", 0) > 0) {
            // TopicThroughput's app: its own Workers only
            TopicApp.declare(java.nio.file.Path.of(System.getProperty("suite.dir")));
            Weft.runAll(args);
            return;
        }

        Worker web = new Worker("http://127.0.0.1:" + Integer.getInteger("suite.webPort", 0));
        web.name("web").count(Integer.getInteger("suite.web", 4)).reloadable(true);
        web.standby(Integer.getInteger("suite.standby", 0));
        String xmx = System.getProperty("suite.webXmx");
        if (xmx != null) web.jvmOptions("-Xmx" + xmx);
        long maxRequests = Long.getLong("suite.maxRequests", 0);
        if (maxRequests > 0) web.maxRequests(maxRequests, Long.getLong("suite.maxRequestsJitter", 0));
        web.onMessage((Connection c, HttpRequest r) -> c.send(http(r)));
        TimeLimits limits = TimeLimits.DEFAULT;
        Long headMs = Long.getLong("suite.headTimeoutMs");
        if (headMs != null) limits = limits.withRequestHead(Duration.ofMillis(headMs));
        Long keepAliveMs = Long.getLong("suite.keepAliveMs");
        if (keepAliveMs != null) limits = limits.withKeepAlive(Duration.ofMillis(keepAliveMs));
        web.timeLimits(limits);

        Worker ws = new Worker("websocket://127.0.0.1:0")
                .name("ws")
                .count(Integer.getInteger("suite.ws", 1))
                .reloadable(true)
                .standby(Integer.getInteger("suite.standby", 0));
        ws.onMessage((Connection c, String text) -> c.send(text));

        Worker text = new Worker("text://127.0.0.1:0")
                .name("text")
                .count(Integer.getInteger("suite.text", 1))
                .reloadable(false);
        text.maxSendBufferSize(1 << 20);
        text.onBufferFull(c ->
                System.out.println("suite: send buffer full on connection " + c.id() + " from " + c.remoteAddress()));
        text.onMessage((Connection c, String line) -> {
            if (line.startsWith("flood ")) {
                flood(c, Integer.parseInt(line.substring(6).trim()));
            } else {
                c.send(line);
            }
        });

        Worker frame = new Worker("frame://127.0.0.1:0")
                .name("frame")
                .count(Integer.getInteger("suite.frame", 1))
                .reloadable(false);
        frame.maxPackageSize(1 << 20);
        frame.onMessage((Connection c, byte[] payload) -> c.send(payload));

        String p12 = System.getProperty("suite.tlsP12");
        if (p12 != null) {
            Worker https = new Worker("https://127.0.0.1:0")
                    .name("https")
                    .count(1)
                    .ssl(TlsConfig.pkcs12(java.nio.file.Path.of(p12), HostileTls.PASSWORD))
                    .tlsHandshakeTimeout(Duration.ofMillis(Long.getLong("suite.tlsHandshakeMs", 10_000)));
            https.onMessage((Connection c, HttpRequest r) -> c.send(http(r)));
        }

        Weft.runAll(args);
    }

    /** Sends {@code lines} lines of 64 KiB at once; prints how many the send buffer took. */
    private static void flood(Connection c, int lines) {
        String big = "x".repeat(FLOOD_LINE - 1);
        int accepted = 0;
        for (int i = 0; i < lines; i++) {
            if (c.send(big)) accepted++;
        }
        System.out.println("suite: flood of " + lines + " lines on connection " + c.id() + ": " + accepted
                + " accepted, " + (lines - accepted) + " dropped");
    }

    static Response http(HttpRequest r) {
        return switch (r.path()) {
            case "/sleep" -> {
                long ms = Long.parseLong(
                        r.query().get("ms") == null ? "100" : r.query().get("ms"));
                Co.sleep(Duration.ofMillis(ms));
                yield Response.text("slept " + ms);
            }
            case "/spawn" ->
                spawn(
                        Integer.parseInt(r.query().get("n")),
                        Long.parseLong(r.query().get("ms")));
            case "/pid" -> Response.text(Long.toString(ProcessHandle.current().pid()));
            default -> Response.text("hello");
        };
    }

    /** Starts n sleeping coroutines and answers once all of them are started. */
    private static Response spawn(int n, long ms) {
        long t0 = System.nanoTime();
        Duration d = Duration.ofMillis(ms);
        for (int i = 0; i < n; i++) {
            Co.go("sleeper", () -> Co.sleep(d));
        }
        return Response.text("spawned " + n + " in pid "
                + ProcessHandle.current().pid() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
