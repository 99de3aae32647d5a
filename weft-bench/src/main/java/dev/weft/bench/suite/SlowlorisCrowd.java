package dev.weft.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A crowd of slowloris clients: each opens a connection, sends the start of a request head and then one
 * more byte every {@code paceMs}, never finishing it. The server's request head limit must cut each one off
 * (a 408, or a close) close to its deadline, counted from its first byte, while a normal client on its own
 * connections keeps getting answers quickly.
 */
final class SlowlorisCrowd {
    private static final byte[] START = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

    /** How one trickling client ended. */
    record Ending(boolean answered408, boolean closed, long afterMs) {}

    private SlowlorisCrowd() {}

    /**
     * Runs {@code clients} tricklers against {@code port} and a normal client beside them; records the
     * checks: p99 of the normal client's requests under {@code p99LimitMs}, and every trickler cut off
     * between the head limit and the limit plus {@code slackMs}.
     */
    static void run(Checks checks, int port, int clients, long headLimitMs, long paceMs, long p99LimitMs, long slackMs)
            throws Exception {
        ConcurrentLinkedQueue<Ending> endings = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch done = new CountDownLatch(clients);
        long limitMs = headLimitMs + slackMs + 10_000;
        for (int i = 0; i < clients; i++) {
            Thread.ofVirtual().name("slowloris-" + i).start(() -> {
                try {
                    endings.add(trickle(port, paceMs, limitMs, connected));
                } catch (IOException | RuntimeException e) {
                    errors.add(e.toString());
                    connected.countDown();
                } finally {
                    done.countDown();
                }
            });
        }
        connected.await();
        // The normal client: fresh keep-alive requests for as long as the crowd trickles.
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean crowdDone = new AtomicBoolean();
        Thread normal = Thread.ofPlatform().name("normal-client").start(() -> {
            try {
                HttpLoad.Conn c = new HttpLoad.Conn(port);
                while (!crowdDone.get()) {
                    long t0 = System.nanoTime();
                    int status = c.get("/");
                    latencies.add((System.nanoTime() - t0) / 1_000);
                    if (status != 200) errors.add("normal client got " + status);
                    Thread.sleep(10); // a steady, modest request rate, not a synchronisation
                }
                c.closeQuietly();
            } catch (IOException | InterruptedException e) {
                errors.add("normal client: " + e);
            }
        });
        done.await();
        crowdDone.set(true);
        normal.join();

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p99 = sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0;
        double p50 = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) / 1000.0;
        checks.measure(
                "normal client beside " + clients + " slowloris clients",
                sorted.size() + " requests, p50 " + String.format("%.2f", p50) + " ms, p99 "
                        + String.format("%.2f", p99) + " ms");
        checks.check(
                "a normal client is answered with p99 < " + p99LimitMs + " ms while " + clients
                        + " clients trickle header bytes",
                !sorted.isEmpty() && p99 < p99LimitMs,
                String.format("p99 %.2f ms", p99));
        long cut = endings.stream()
                .filter(e -> e.closed() && e.afterMs() >= headLimitMs - 50 && e.afterMs() <= headLimitMs + slackMs)
                .count();
        long with408 = endings.stream().filter(Ending::answered408).count();
        long maxMs = endings.stream().mapToLong(Ending::afterMs).max().orElse(-1);
        checks.check(
                "each of " + clients + " slowloris clients is cut off at its head deadline (" + headLimitMs
                        + " ms + at most " + slackMs + " ms)",
                cut == clients && errors.isEmpty(),
                cut + " cut off in time (" + with408 + " with a 408), latest after " + maxMs + " ms"
                        + (errors.isEmpty()
                                ? ""
                                : "; errors: " + errors.stream().limit(3).toList()));
    }

    /** One trickling client: the head's start, then a byte per pace until the server answers or closes. */
    private static Ending trickle(int port, long paceMs, long limitMs, CountDownLatch connected) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(START);
            out.flush();
            long start = System.nanoTime();
            connected.countDown();
            s.setSoTimeout((int) paceMs); // the pace: a read that times out means "send the next byte"
            byte[] answer = new byte[64];
            while ((System.nanoTime() - start) / 1_000_000 < limitMs) {
                try {
                    int n = in.read(answer);
                    long after = (System.nanoTime() - start) / 1_000_000;
                    boolean is408 =
                            n > 0 && new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 408");
                    if (n > 0 && !is408) return new Ending(false, false, after);
                    return new Ending(is408, true, after);
                } catch (SocketTimeoutException e) {
                    try {
                        out.write('s');
                        out.flush();
                    } catch (IOException closed) {
                        return new Ending(false, true, (System.nanoTime() - start) / 1_000_000);
                    }
                } catch (IOException reset) {
                    return new Ending(false, true, (System.nanoTime() - start) / 1_000_000);
                }
            }
            return new Ending(false, false, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
