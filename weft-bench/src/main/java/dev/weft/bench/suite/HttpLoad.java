package dev.weft.bench.suite;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 keep-alive load: {@code connections} platform threads, each sending GETs one after the other
 * on its own connection, until {@link #stop()}. Like common HTTP clients it retries an idempotent request
 * once on a new connection when the old one broke <em>before any byte of the response</em> (a server
 * closing an idle keep-alive connection). What it counts:
 * <ul>
 *   <li>{@code ok}: 2xx responses; {@code non2xx}: other complete responses</li>
 *   <li>{@code retriedEof}: the connection ended cleanly (FIN) before the response; retried</li>
 *   <li>{@code retriedReset}: the connection was reset (RST) before the response; retried</li>
 *   <li>{@code midResponse}: the connection broke after part of the response arrived (a failure)</li>
 *   <li>{@code connectFailed}: no connection could be made (a failure)</li>
 *   <li>{@code gaveUp}: still broken after the retry (a failure)</li>
 * </ul>
 */
final class HttpLoad {
    final AtomicLong ok = new AtomicLong();
    final AtomicLong non2xx = new AtomicLong();
    final AtomicLong retriedEof = new AtomicLong();
    final AtomicLong retriedReset = new AtomicLong();
    final AtomicLong midResponse = new AtomicLong();
    final AtomicLong connectFailed = new AtomicLong();
    final AtomicLong gaveUp = new AtomicLong();
    final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final int port;
    private final String path;

    HttpLoad(int port, String path, int connections) {
        this.port = port;
        this.path = path;
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofPlatform().name("load-" + i).daemon().start(this::loop));
        }
    }

    long failures() {
        return non2xx.get() + midResponse.get() + connectFailed.get() + gaveUp.get();
    }

    /** Waits (bounded) until at least {@code n} more requests succeeded. */
    void awaitOk(long n, long timeoutMs) throws InterruptedException {
        long target = ok.get() + n;
        long end = System.currentTimeMillis() + timeoutMs;
        while (ok.get() < target) {
            if (System.currentTimeMillis() > end) throw new IllegalStateException("load made no progress: " + this);
            Thread.sleep(20); // poll
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(30_000);
    }

    @Override
    public String toString() {
        return "ok " + ok + ", non-2xx " + non2xx + ", broken mid-response " + midResponse + ", connect failed "
                + connectFailed + ", gave up after retry " + gaveUp + "; retried on a new connection: after FIN "
                + retriedEof + ", after RST " + retriedReset;
    }

    private void note(String s) {
        if (samples.size() < 20) samples.add(s);
    }

    private void loop() {
        Conn c = null;
        while (running.get()) {
            boolean done = false;
            for (int attempt = 0; attempt < 2 && !done && running.get(); attempt++) {
                if (c == null) {
                    try {
                        c = new Conn(port);
                    } catch (IOException e) {
                        connectFailed.incrementAndGet();
                        note("connect: " + e);
                        done = true;
                        continue;
                    }
                }
                try {
                    int status = c.get(path);
                    if (status / 100 == 2) ok.incrementAndGet();
                    else {
                        non2xx.incrementAndGet();
                        note("status " + status);
                    }
                    if (c.close) {
                        c.closeQuietly();
                        c = null;
                    }
                    done = true;
                } catch (IOException e) {
                    boolean partial = c.gotBytes;
                    c.closeQuietly();
                    c = null;
                    if (partial) {
                        midResponse.incrementAndGet();
                        note("mid-response: " + e);
                        done = true;
                    } else if (attempt == 1) {
                        gaveUp.incrementAndGet();
                        note("gave up: " + e);
                    } else if (isReset(e)) {
                        retriedReset.incrementAndGet();
                        note("reset before response (retried): " + e);
                    } else {
                        retriedEof.incrementAndGet();
                    }
                }
            }
        }
        if (c != null) c.closeQuietly();
    }

    static boolean isReset(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        return e instanceof SocketException && (m.contains("reset") || m.contains("broken pipe"));
    }

    /** One keep-alive connection. */
    static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        boolean gotBytes;
        boolean close;
        /** The last response's body. */
        String body = "";

        Conn(int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        int get(String path) throws IOException {
            gotBytes = false;
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            if (status == null) throw new IOException("connection closed before the response");
            int len = 0;
            String h;
            while ((h = line()) != null && !h.isEmpty()) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:"))
                    len = Integer.parseInt(h.substring(15).trim());
                if (lower.startsWith("connection:") && lower.contains("close")) close = true;
            }
            if (h == null) throw new IOException("truncated headers");
            byte[] b = in.readNBytes(len);
            if (b.length < len) throw new IOException("truncated body");
            body = new String(b, StandardCharsets.UTF_8);
            return Integer.parseInt(status.split(" ")[1]);
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                gotBytes = true;
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.US_ASCII);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return null;
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
