package dev.weft.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk as the load, in 5 s slices back to back until {@link #stop()} (wrk prints nothing when it is
 * interrupted), summing requests, socket errors (connect, read, write, timeout) and non-2xx/3xx responses.
 */
final class WrkLoad {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    final AtomicLong requests = new AtomicLong();
    final AtomicLong connect = new AtomicLong();
    final AtomicLong read = new AtomicLong();
    final AtomicLong write = new AtomicLong();
    final AtomicLong timeout = new AtomicLong();
    final AtomicLong non2xx = new AtomicLong();
    final AtomicLong slices = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    WrkLoad(int port, int connections) {
        thread = Thread.ofPlatform().name("wrk").daemon().start(() -> {
            while (running.get()) {
                try {
                    Process p = new ProcessBuilder(
                                    "wrk", "-t2", "-c" + connections, "-d5s", "http://127.0.0.1:" + port + "/")
                            .redirectErrorStream(true)
                            .start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor();
                    add(out);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("wrk failed", e);
                }
            }
        });
    }

    private void add(String out) {
        slices.incrementAndGet();
        Matcher m = REQUESTS.matcher(out);
        if (m.find()) requests.addAndGet(Long.parseLong(m.group(1)));
        m = ERRORS.matcher(out);
        if (m.find()) {
            connect.addAndGet(Long.parseLong(m.group(1)));
            read.addAndGet(Long.parseLong(m.group(2)));
            write.addAndGet(Long.parseLong(m.group(3)));
            timeout.addAndGet(Long.parseLong(m.group(4)));
        }
        m = NON2XX.matcher(out);
        if (m.find()) non2xx.addAndGet(Long.parseLong(m.group(1)));
    }

    long errors() {
        return connect.get() + read.get() + write.get() + timeout.get() + non2xx.get();
    }

    /** Waits (bounded) until finished slices counted {@code n} more requests. */
    void awaitRequests(long n, long timeoutMs) throws InterruptedException {
        long target = requests.get() + n;
        long end = System.currentTimeMillis() + timeoutMs;
        while (requests.get() < target) {
            if (System.currentTimeMillis() > end) throw new IllegalStateException("wrk made no progress: " + this);
            Thread.sleep(50); // poll
        }
    }

    /** Lets the running slice finish (at most ~5 s) and stops. */
    void stop() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }

    @Override
    public String toString() {
        return requests + " requests in " + slices + " slices of 5 s; socket errors connect " + connect + ", read "
                + read + ", write " + write + ", timeout " + timeout + "; non-2xx " + non2xx;
    }
}
