package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Hostile clients against every listener of a running app: oversized and slowloris headers, invalid chunk
 * sizes, request smuggling pairs, invalid UTF-8 in a WebSocket text frame, a permessage-deflate zip bomb (1 GiB
 * of zeros in 1 MiB), a 2 GiB frame:// length prefix and garbage on the master's control socket, and on the HTTPS
 * listener plain HTTP, garbage handshakes and a client that stops mid-handshake ({@link HostileTls}). Each must get
 * a clear answer (an HTTP error status, a 1007 or 1009 close, a close with a log line, an error reply), a normal
 * request must succeed right after, and no process may
 * have died or been replaced (pids unchanged in status).
 *
 * <p>Then a crowd of slowloris clients ({@link SlowlorisCrowd}): {@code --slowloris-clients} (1000) connections
 * trickle header bytes while a normal client must be answered with p99 under 100 ms, and each trickler must be
 * cut off at the web worker's request head limit ({@code --head-timeout-ms}, 3000, set through
 * {@code suite.headTimeoutMs}).
 *
 * <pre>java -cp ... dev.weft.bench.suite.HostileSuite [--slowloris-ms 3000] [--slowloris-clients 1000]</pre>
 */
public final class HostileSuite {
    private HostileSuite() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(
                args, Map.of("slowloris-ms", "3000", "slowloris-clients", "1000", "head-timeout-ms", "3000"));
        Checks checks = new Checks("hostile clients");
        Path dir = Checks.tempDir("hostile");
        long headMs = Long.parseLong(o.get("head-timeout-ms"));
        Path p12 = HostileTls.keystore(dir);
        long handshakeMs = 1000;
        Map<String, String> props = Map.of(
                "suite.web",
                "2",
                "suite.headTimeoutMs",
                Long.toString(headMs),
                "suite.tlsP12",
                p12.toString(),
                "suite.tlsHandshakeMs",
                "" + handshakeMs);
        try (App app = App.start(dir, props, Map.of(), 6)) {
            Map<String, Long> pids = app.allPids();
            int web = app.port("web");
            String big = "a".repeat(20_000);
            http(
                    checks,
                    app,
                    web,
                    "oversized header (20 KB field)",
                    "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n",
                    431);
            http(
                    checks,
                    app,
                    web,
                    "150 header fields",
                    "GET / HTTP/1.1\r\nHost: x\r\n" + "X-F: 1\r\n".repeat(150) + "\r\n",
                    431);
            http(
                    checks,
                    app,
                    web,
                    "10 KB request target",
                    "GET /" + "b".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                    414);
            http(
                    checks,
                    app,
                    web,
                    "Content-Length of 20 MB (limit 10 MiB)",
                    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n",
                    413);
            http(
                    checks,
                    app,
                    web,
                    "invalid chunk size",
                    "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                    400);
            http(
                    checks,
                    app,
                    web,
                    "chunk size overflowing 64 bits",
                    "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n",
                    400);
            http(
                    checks,
                    app,
                    web,
                    "smuggling: Content-Length and Transfer-Encoding",
                    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
                    400);
            http(
                    checks,
                    app,
                    web,
                    "smuggling: two different Content-Length",
                    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 30\r\n\r\nhello",
                    400);
            http(
                    checks,
                    app,
                    web,
                    "smuggling: Transfer-Encoding other than chunked last",
                    "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                    400);
            http(checks, app, web, "NUL byte in a header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 400);
            slowloris(checks, app, web, Long.parseLong(o.get("slowloris-ms")));
            SlowlorisCrowd.run(checks, web, Integer.parseInt(o.get("slowloris-clients")), headMs, 500, 100, 2000);
            websocketUtf8(checks, app);
            websocketDeflateBomb(checks, app);
            frame(checks, app);
            HostileTls.run(checks, app.port("https"), p12, handshakeMs);
            controlSocket(checks, app);
            checks.check("the master is alive", app.master.isAlive(), null);
            checks.check(
                    "no process died or was replaced (all pids unchanged in status)",
                    app.allPids().equals(pids),
                    app.allPids());
            checks.check("no child exited", !app.log().contains("exit with status"), null);
        }
        System.exit(checks.finish());
    }

    /** Sends raw bytes, reads the status line, then checks that a normal request on a new connection works. */
    private static void http(Checks checks, App app, int port, String what, String request, int expected)
            throws Exception {
        String status;
        boolean closed;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            } catch (IOException e) {
                // the server may answer and close before it read everything; the answer is still there to read
            }
            String text = readAll(s.getInputStream());
            status = text.lines().findFirst().orElse("(nothing)");
            closed = true;
            if (text.contains("/smuggled") || text.split("HTTP/1.1 ", -1).length > 2) {
                checks.check(what + ": only one response", false, text);
            }
        }
        checks.check(
                what + " → " + expected + " and close", status.startsWith("HTTP/1.1 " + expected) && closed, status);
        normalRequest(checks, port, what);
    }

    /** Everything until EOF or 10 s; a reset after the response counts as the end. */
    private static String readAll(InputStream in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) b.write(buf, 0, n);
        } catch (IOException e) {
            // reset or timeout: keep what arrived
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void normalRequest(Checks checks, int port, String after) throws IOException {
        HttpLoad.Conn c = new HttpLoad.Conn(port);
        int st = c.get("/");
        c.closeQuietly();
        if (st != 200) checks.check("a normal request right after " + after, false, st);
    }

    /**
     * Sends a header one byte every 50 ms for {@code ms} while normal requests go on, then the rest of an
     * oversized header at once: the header size limit bounds what a slowloris client can make the worker hold.
     */
    private static void slowloris(Checks checks, App app, int port, long ms) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long end = System.nanoTime() + ms * 1_000_000;
            int sent = 0;
            int normal = 0;
            boolean closedEarly = false;
            while (System.nanoTime() < end) {
                try {
                    out.write('s');
                    out.flush();
                    sent++;
                } catch (IOException e) {
                    closedEarly = true;
                    break;
                }
                normalRequest(checks, port, "a slowloris byte");
                normal++;
                Thread.sleep(50); // the attack's pace
            }
            checks.check(
                    "normal requests are served while a slowloris header trickles (" + sent + " bytes in " + ms
                            + " ms)",
                    normal > 0,
                    normal + " served");
            checks.measure(
                    "slowloris: the server closed the connection before the header was complete (a header timeout)",
                    closedEarly
                            ? "yes (the request head limit)"
                            : "no — the request head limit had not passed yet; the 16 KiB header limit bounds it");
            String status = "(closed)";
            if (!closedEarly) {
                try {
                    out.write("s".repeat(17_000).getBytes(StandardCharsets.US_ASCII));
                    out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // answered early
                }
                status = readAll(s.getInputStream()).lines().findFirst().orElse("(nothing)");
            }
            checks.check(
                    "slowloris header that outgrows the limit → 431",
                    closedEarly || status.startsWith("HTTP/1.1 431"),
                    status);
        }
    }

    private static void websocketUtf8(Checks checks, App app) throws Exception {
        int port = app.port("ws");
        try (WsClient ws = new WsClient(port)) {
            ws.send(0x1, new byte[] {'o', 'k', (byte) 0xC3, 0x28, (byte) 0xFF}); // invalid UTF-8
            WsClient.Ending e = ws.awaitEnd(10_000);
            checks.check("invalid UTF-8 in a WebSocket text frame → close 1007", e.code() == 1007, e);
        }
        try (WsClient ws = new WsClient(port)) {
            checks.check("a normal WebSocket echo right after", ws.echo("héllo").equals("héllo"), null);
        }
    }

    /**
     * A compressed message that inflates to 1 GiB of zeros against the 10 MiB limit: 1024 copies of the sync-flushed
     * deflate of 1 MiB of zeros (each copy starts with a literal zero and refers back only within itself, and ends
     * byte-aligned, so the copies chain into one valid stream), built in milliseconds.
     */
    private static void websocketDeflateBomb(Checks checks, App app) throws Exception {
        int port = app.port("ws");
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(new byte[1 << 20]);
        byte[] buf = new byte[1 << 16];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        d.end();
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        for (int i = 0; i < 1024; i++) bomb.write(buf, 0, n);
        byte[] payload = Arrays.copyOf(bomb.toByteArray(), bomb.size() - 4); // the message leaves out 00 00 ff ff
        try (WsClient ws = new WsClient(port, "permessage-deflate; client_max_window_bits")) {
            checks.check(
                    "permessage-deflate is negotiated",
                    ws.extensions().startsWith("permessage-deflate"),
                    ws.extensions());
            long t0 = System.nanoTime();
            ws.sendFrame(0xC2, payload); // FIN, RSV1, binary
            WsClient.Ending e = ws.awaitEnd(10_000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            checks.check(
                    "a zip bomb (" + payload.length / 1024 + " KiB inflating to 1 GiB, limit 10 MiB) → close 1009",
                    e.code() == 1009,
                    e + " after " + ms + " ms");
        }
        try (WsClient ws = new WsClient(port, "permessage-deflate")) {
            String text = "a compressed message, ".repeat(100);
            boolean[] compressed = new boolean[1];
            boolean same = ws.echoCompressed(text, compressed).equals(text);
            checks.check(
                    "a compressed WebSocket echo right after, answered compressed",
                    same && compressed[0],
                    !same ? "echo differs" : compressed[0] ? "compressed" : "echo not compressed");
        }
    }

    private static void frame(Checks checks, App app) throws Exception {
        int port = app.port("frame");
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(new byte[] {(byte) 0x80, 0, 0, 0, 1, 2, 3}); // 2 GiB length prefix
            s.getOutputStream().flush();
            String how;
            try {
                how = s.getInputStream().read() < 0 ? "closed (EOF)" : "sent data";
            } catch (SocketTimeoutException e) {
                how = "still open after 10 s";
            } catch (IOException e) {
                how = "closed (" + e.getMessage() + ")";
            }
            checks.check(
                    "a 2 GiB frame:// length prefix → connection closed at once",
                    how.startsWith("closed"),
                    how + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        String logLine = app.log()
                .lines()
                .filter(l -> l.contains("[frame:") && l.contains("closing"))
                .findFirst()
                .orElse("");
        checks.check("the frame worker logged why it closed the connection", !logLine.isEmpty(), logLine);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(new byte[] {0, 0, 0, 3, 'a', 'b', 'c'});
            byte[] reply = new DataInputStream(s.getInputStream()).readNBytes(7);
            checks.check(
                    "a normal frame echo right after",
                    reply.length == 7 && reply[3] == 3 && reply[6] == 'c',
                    reply.length + " bytes");
        }
    }

    private static void controlSocket(Checks checks, App app) throws Exception {
        Path sock = app.settings().controlSocket();
        String[] garbage = {
            "hello, master\n",
            "{\"cmd\":\"no-such-command\"}\n",
            "\u0000\u00ff\u0001binary\n",
            "[1,2,3]\n",
            "{\"cmd\":\n",
            "x".repeat(3 << 20)
        };
        for (String g : garbage) {
            String reply;
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                try {
                    ByteBuffer buf = ByteBuffer.wrap(g.getBytes(StandardCharsets.ISO_8859_1));
                    while (buf.hasRemaining()) ch.write(buf);
                } catch (IOException e) {
                    // the master answered and closed before it read everything
                }
                reply = readAll(Channels.newInputStream(ch)).strip();
            }
            String shown = g.length() > 100
                    ? "a 3 MiB line without a newline"
                    : g.strip().replaceAll("[^\\x20-\\x7e]", "?");
            boolean error = reply.contains("\"ok\":false") && reply.contains("\"error\"");
            if (g.length() > 100 && !error) {
                // the unread rest of the line may reset the connection before the answer is read: the log line counts
                String line = app.log()
                        .lines()
                        .filter(l -> l.contains("request line longer"))
                        .findFirst()
                        .orElse("");
                error = !line.isEmpty();
                reply = reply.isEmpty() ? "(connection closed; master log: " + line + ")" : reply;
            }
            checks.check(
                    "control socket garbage '" + shown + "' → an error reply",
                    error,
                    reply.isEmpty() ? "(closed without a reply)" : reply);
            JsonNode s = app.statusOrNull();
            if (s == null) checks.check("status works right after control garbage", false, shown);
        }
        checks.check("status still answers after the control socket garbage", app.statusOrNull() != null, null);
    }
}
