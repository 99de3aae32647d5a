package dev.weft.demo;

import dev.weft.coroutine.Co;
import dev.weft.net.http.Parameters;
import dev.weft.net.http.Response;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /spawn?n=N&ms=M}: starts N coroutines named {@value #NAME} that each sleep M ms, the test data for
 * the control plane's benchmarks ({@code co list}, {@code co summary}, {@code co kill --older-than} over a
 * million coroutines). A process holds at most {@value #CAP} of them at a time; a request that would pass
 * the cap starts only the rest. Answers {@code {"pid": P, "spawned": N, "total": T}}: how many this
 * request started and how many of them this process now holds. The shared accept queue picks the process,
 * so a driver repeats the request until each process holds its share. A bad {@code n} (1 to {@value #CAP})
 * or {@code ms} (0 to {@value #MAX_MS}; default 600000) gets 400.
 */
final class Spawn {
    /** The name of every coroutine this starts. */
    static final String NAME = "spawned";

    /** The most spawned coroutines one process holds at once. */
    static final long CAP = 1_000_000;

    /** The longest sleep: one hour. */
    static final long MAX_MS = 3_600_000;

    private static final AtomicLong LIVE = new AtomicLong();

    private Spawn() {}

    static Response handle(Parameters query) {
        long n;
        long ms;
        try {
            n = number(query.get("n"), 1, 1, CAP);
            ms = number(query.get("ms"), 600_000, 0, MAX_MS);
        } catch (NumberFormatException e) {
            return Response.text(400, "n must be a number from 1 to " + CAP + " and ms one from 0 to " + MAX_MS + "\n");
        }
        long granted = reserve(n);
        Duration sleep = Duration.ofMillis(ms);
        for (long i = 0; i < granted; i++) {
            Co.go(NAME, () -> {
                try {
                    Co.sleep(sleep);
                } finally {
                    LIVE.decrementAndGet();
                }
            });
        }
        return Response.json("{\"pid\":" + ProcessHandle.current().pid() + ",\"spawned\":" + granted + ",\"total\":"
                + LIVE.get() + "}");
    }

    /** Takes up to {@code n} places under the cap; returns how many. */
    private static long reserve(long n) {
        while (true) {
            long live = LIVE.get();
            long granted = Math.min(n, CAP - live);
            if (granted <= 0) return 0;
            if (LIVE.compareAndSet(live, live + granted)) return granted;
        }
    }

    private static long number(String text, long absent, long min, long max) {
        if (text == null) return absent;
        long v = Long.parseLong(text.trim());
        if (v < min || v > max) throw new NumberFormatException();
        return v;
    }
}
