package dev.weft.server.internal.child;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Gives a worker's heap back after a burst of load. The serial collector grows the heap under load and
 * shrinks it only in a full collection, which an idle worker never has, so a worker would keep its peak
 * heap for good. Told the request count at every heartbeat (about once a second), this asks for one full
 * collection once a child that served requests has served none for {@link #QUIET} and its heap is
 * committed {@link #GROWTH} above what it had when it started serving; the launcher's
 * {@code -XX:MaxHeapFreeRatio} and {@code -XX:-ShrinkHeapInSteps} make that collection uncommit the rest.
 * At most one collection per burst, never while requests come in, never in a worker that stayed idle.
 */
final class HeapShrink {
    /** How long without a request counts as the end of a burst. */
    static final Duration QUIET = Duration.ofSeconds(10);
    /** Committed heap growth below this is not worth a collection. */
    static final long GROWTH = 4L << 20;

    private final LongSupplier committed;
    private final Runnable collect;
    private final long baseline;
    private long requests = -1;
    private long changedAt;
    private boolean busy;

    /**
     * @param committed the committed heap in bytes ({@code Runtime.totalMemory})
     * @param collect   the full collection ({@code System.gc}, off the caller's thread)
     */
    HeapShrink(LongSupplier committed, Runnable collect) {
        this.committed = committed;
        this.collect = collect;
        this.baseline = committed.getAsLong();
    }

    /** A heartbeat: {@code total} requests served so far, at {@code now} ({@code System.nanoTime}). */
    synchronized void heartbeat(long total, long now) {
        if (total != requests) {
            if (requests >= 0) busy = true;
            requests = total;
            changedAt = now;
            return;
        }
        if (!busy || now - changedAt < QUIET.toNanos()) return;
        busy = false;
        if (committed.getAsLong() - baseline >= GROWTH) collect.run();
    }
}
