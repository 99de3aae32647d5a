package dev.weft.bench.coroutine;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.EventLoops;
import dev.weft.coroutine.KillBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * What it costs the event loop to resume and end one parked coroutine, by how it ends: a coroutine in
 * {@code Co.sleep(null)} cancelled (it returns) or killed through a {@link KillBatch} (it unwinds
 * {@code KilledException}), against a plain virtual thread on the same loop unparked that returns, or throws
 * a stackless exception. Round 0 parks while the code is still interpreted; later rounds park warm. Each
 * round parks {@code n}, runs a full GC (as a heap measurement would) and times from the first wake-up to the
 * last end. Args: {@code [n] [rounds]}; run with the loops on ({@code --add-opens java.base/java.lang=ALL-UNNAMED}).
 */
public final class ResumeCost {
    private ResumeCost() {}

    /** A stackless exception, as {@code KilledException} is. */
    private static final class Unwind extends RuntimeException {
        Unwind() {
            super("unwind", null, true, false);
        }
    }

    /** Runs the rounds; one line per round and case. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int r = 0; r < rounds; r++) {
            for (String mode : new String[] {"cancel", "kill", "vt-return", "vt-throw"}) {
                double us = mode.startsWith("vt") ? plain(n, mode.equals("vt-throw")) : weft(n, mode.equals("kill"));
                System.out.printf(Locale.ROOT, "round %d %-10s %5.2f us each%n", r, mode, us);
            }
        }
    }

    private static double weft(int n, boolean kill) throws InterruptedException {
        List<Coroutine> cs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cs.add(Co.go(() -> Co.sleep(null)));
        }
        while (Co.stats().suspended() < n) {
            Thread.sleep(5);
        }
        System.gc();
        long t = System.nanoTime();
        if (kill) {
            try (KillBatch b = new KillBatch()) {
                cs.forEach(b::kill);
            }
        } else {
            cs.forEach(c -> Co.cancel(c.id()));
        }
        Co.join(cs, null);
        return (System.nanoTime() - t) / 1e3 / n;
    }

    private static double plain(int n, boolean thr) throws InterruptedException {
        Thread[] ts = new Thread[n];
        CountDownLatch parked = new CountDownLatch(n);
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            ts[i] = EventLoops.newVirtualThread(() -> {
                try {
                    body(parked, thr);
                } catch (Unwind e) {
                    // ended by the exception
                } finally {
                    done.countDown();
                }
            });
            ts[i].start();
        }
        parked.await();
        for (Thread t : ts) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        System.gc();
        long t0 = System.nanoTime();
        for (Thread t : ts) {
            LockSupport.unpark(t);
        }
        done.await();
        return (System.nanoTime() - t0) / 1e3 / n;
    }

    private static void body(CountDownLatch parked, boolean thr) {
        parked.countDown();
        LockSupport.park();
        if (thr) {
            throw new Unwind();
        }
    }
}
