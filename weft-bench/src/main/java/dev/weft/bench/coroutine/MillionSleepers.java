package dev.weft.bench.coroutine;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * One million coroutines sleeping at once: heap used per coroutine, the time of {@code Co.list()},
 * and the time to kill them all; with one million virtual threads parked in {@code LockSupport.park}
 * as the heap baseline. Run with a large heap (run-jmh passes -Xmx4g), e.g.
 * {@code weft-bench/run-jmh --million [count]}.
 */
public final class MillionSleepers {
    private MillionSleepers() {}

    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf(
                Locale.ROOT,
                "MillionSleepers: %,d coroutines, %d CPUs, JDK %s, max heap %d MB%n",
                n,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);

        // Baseline: n virtual threads parked.
        long base0 = usedAfterGc();
        Thread[] vts = new Thread[n];
        CountDownLatch parked = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            vts[i] = Thread.ofVirtual().start(() -> {
                parked.countDown();
                LockSupport.park();
            });
        }
        parked.await();
        long vtStart = System.nanoTime() - t0;
        while (countParked(vts) < n) {
            Thread.sleep(10);
        }
        long vtHeap = usedAfterGc() - base0;
        long u0 = System.nanoTime();
        for (Thread t : vts) {
            LockSupport.unpark(t);
        }
        long unparkCalls = System.nanoTime() - u0;
        for (Thread t : vts) {
            t.join();
        }
        long unparkAll = System.nanoTime() - u0;
        vts = null;
        System.out.printf(
                Locale.ROOT,
                "baseline virtual threads: start %.0f ms, heap %.1f MB (%.0f B each); unpark x n %.0f ms, all finished after %.0f ms%n",
                ms(vtStart),
                vtHeap / 1048576.0,
                (double) vtHeap / n,
                ms(unparkCalls),
                ms(unparkAll));

        // Weft: n coroutines in Co.sleep(null).
        long heap0 = usedAfterGc();
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Co.go(() -> Co.sleep(null));
        }
        long started = System.nanoTime() - t0;
        while (Co.stats().suspended() < n) {
            Thread.sleep(10);
        }
        long all = System.nanoTime() - t0;
        long heap = usedAfterGc() - heap0;
        System.out.printf(
                Locale.ROOT,
                "weft coroutines: go() x n %.0f ms, all suspended after %.0f ms, heap %.1f MB (%.0f B each, %.2fx baseline)%n",
                ms(started),
                ms(all),
                heap / 1048576.0,
                (double) heap / n,
                (double) heap / vtHeap);

        long best = Long.MAX_VALUE;
        int size = 0;
        for (int i = 0; i < 5; i++) {
            long a = System.nanoTime();
            List<Coroutine> list = Co.list();
            best = Math.min(best, System.nanoTime() - a);
            size = list.size();
        }
        System.out.printf(Locale.ROOT, "Co.list(): %,d entries, best of 5 %.1f ms%n", size, ms(best));
        long a = System.nanoTime();
        Co.stats();
        System.out.printf(Locale.ROOT, "Co.stats(): %.1f ms%n", ms(System.nanoTime() - a));

        List<Coroutine> list = Co.list();
        t0 = System.nanoTime();
        int killed = 0;
        for (Coroutine c : list) {
            if (c.kill()) {
                killed++;
            }
        }
        long killCalls = System.nanoTime() - t0;
        if (!Co.join(list, null)) {
            throw new IllegalStateException("join failed: " + Co.lastError());
        }
        long killAll = System.nanoTime() - t0;
        System.out.printf(
                Locale.ROOT,
                "kill: %,d kill() calls %.0f ms, all finished after %.0f ms%n",
                killed,
                ms(killCalls),
                ms(killAll));
        list = null;
        System.out.printf(
                Locale.ROOT, "heap after all finished: %+.1f MB against before%n", (usedAfterGc() - heap0) / 1048576.0);
    }

    private static int countParked(Thread[] ts) {
        int n = 0;
        for (Thread t : ts) {
            if (t.getState() == Thread.State.WAITING) {
                n++;
            }
        }
        return n;
    }
}
