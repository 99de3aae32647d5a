package dev.weft.bench.coroutine;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KillBatch;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * One million coroutines sleeping at once: heap used per coroutine, the time of {@code Co.list()},
 * and the time to kill them all; with one million virtual threads parked in {@code LockSupport.park}
 * as the heap baseline. Run with a large heap (run-jmh passes -Xmx4g), e.g.
 * {@code weft-bench/run-jmh --million [count [batch-first]]}.
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

        // The floor of a kill on the loop: n plain virtual threads on Weft's event loop (where coroutines
        // run), parked, then unparked from this thread, each simply returning.
        loopBaseline(n);

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

        // Two rounds, one with a kill() call per coroutine and one through a KillBatch (the wake-ups reach the
        // loop in batches); the second round's coroutines park with Weft's code compiled, so the order is an
        // argument: "batch-first" swaps it.
        boolean batchFirst = args.length > 1 && args[1].equals("batch-first");
        List<Coroutine> list = Co.list();
        killAll(list, batchFirst);
        for (int i = 0; i < n; i++) {
            Co.go(() -> Co.sleep(null));
        }
        while (Co.stats().suspended() < n) {
            Thread.sleep(10);
        }
        list = Co.list();
        killAll(list, !batchFirst);
        list = null;
        System.out.printf(
                Locale.ROOT, "heap after all finished: %+.1f MB against before%n", (usedAfterGc() - heap0) / 1048576.0);
    }

    /** Kills every coroutine of {@code list} (one {@code kill()} each, or through a {@link KillBatch}) and joins them. */
    private static void killAll(List<Coroutine> list, boolean batch) {
        long t0 = System.nanoTime();
        int killed = 0;
        if (batch) {
            try (KillBatch b = new KillBatch()) {
                for (Coroutine c : list) {
                    if (b.kill(c)) {
                        killed++;
                    }
                }
            }
        } else {
            for (Coroutine c : list) {
                if (c.kill()) {
                    killed++;
                }
            }
        }
        long killCalls = System.nanoTime() - t0;
        if (!Co.join(list, null)) {
            throw new IllegalStateException("join failed: " + Co.lastError());
        }
        long killAll = System.nanoTime() - t0;
        System.out.printf(
                Locale.ROOT,
                "kill%s: %,d kill() calls %.0f ms, all finished after %.0f ms%n",
                batch ? " (KillBatch)" : "",
                killed,
                ms(killCalls),
                ms(killAll));
    }

    /**
     * n virtual threads scheduled by Weft's loop, parked; unparked from this platform thread as kill()
     * unparks a coroutine, each then returns. What a kill of a coroutine cannot go below: the loop
     * resumes each thread and ends it.
     */
    private static void loopBaseline(int n) throws InterruptedException {
        if (dev.weft.coroutine.EventLoops.mode() != dev.weft.coroutine.EventLoops.Mode.EVENT_LOOPS) {
            return;
        }
        Thread[] ts = new Thread[n];
        CountDownLatch parked = new CountDownLatch(n);
        CountDownLatch finished = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            ts[i] = dev.weft.coroutine.EventLoops.newVirtualThread(() -> {
                parked.countDown();
                LockSupport.park();
                finished.countDown();
            });
            ts[i].start();
        }
        parked.await();
        while (countParked(ts) < n) {
            Thread.sleep(10);
        }
        // As the coroutines below: their heap is measured (full GCs) between parking and the kill, and a
        // stack chunk a GC has visited is slower to resume.
        usedAfterGc();
        long u0 = System.nanoTime();
        for (Thread t : ts) {
            LockSupport.unpark(t);
        }
        long calls = System.nanoTime() - u0;
        finished.await();
        long all = System.nanoTime() - u0;
        System.out.printf(
                Locale.ROOT,
                "baseline virtual threads on Weft's loop: unpark x n %.0f ms, all finished after %.0f ms%n",
                ms(calls),
                ms(all));
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
