package dev.weft.coroutine;

import dev.weft.coroutine.internal.loop.EventLoop;
import dev.weft.coroutine.internal.loop.VirtualThreadHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Kills many coroutines at once: each {@link #kill(Coroutine)} decides the kill as {@link Coroutine#kill()}
 * does, and the wake-ups of the killed coroutines reach their event loops in batches of
 * {@value #CHUNK}, one task per batch that the loop runs on its own thread, instead of one cross-thread
 * hand-off per coroutine. A kill of a million from a control thread then costs the killer a few
 * compare-and-sets per coroutine. Wake-ups still pending are delivered by {@link #close()} (or when a
 * batch fills), so use it in a try-with-resources block. In the {@link EventLoops.Mode#DEFAULT_SCHEDULER}
 * mode each killed coroutine is woken at once. Used by one thread.
 */
public final class KillBatch implements AutoCloseable {
    /** Wake-ups handed to a loop in one task. */
    static final int CHUNK = 4096;

    /** The wake-ups not yet handed over, one entry per loop. */
    private final List<Pending> pending = new ArrayList<>(2);

    private long killed;

    /** An empty batch. */
    public KillBatch() {}

    /**
     * Kills {@code c}: see {@link Coroutine#kill()}; its wake-up may wait for {@link #close()}.
     *
     * @return whether this call issued the kill (false with {@link Co#lastError()} as {@code kill()} sets it)
     */
    public boolean kill(Coroutine c) {
        boolean ok = c.kill(new KilledException(), this);
        if (ok) {
            killed++;
        }
        return ok;
    }

    /**
     * Kills the coroutine waiting in {@code s} if {@code s} is still its current operation: see
     * {@link Suspension#kill()}; its wake-up may wait for {@link #close()}.
     *
     * @return whether this call issued the kill
     */
    public boolean kill(Suspension s) {
        return s.context() instanceof Coroutine c && c.suspension() == s && kill(c);
    }

    /** How many kills this batch has issued. */
    public long killed() {
        return killed;
    }

    /** Wakes the waiting thread of a killed coroutine, now or with its loop's next batch. */
    void wake(Thread t) {
        if (t == null) {
            return;
        }
        if (!(VirtualThreadHooks.schedulerOf(t) instanceof EventLoop loop)) {
            LockSupport.unpark(t);
            return;
        }
        Pending p = null;
        for (Pending q : pending) {
            if (q.loop == loop) {
                p = q;
                break;
            }
        }
        if (p == null) {
            p = new Pending(loop);
            pending.add(p);
        }
        p.threads[p.size++] = t;
        if (p.size == CHUNK) {
            p.handOver();
        }
    }

    /** Hands every pending wake-up to its loop. */
    @Override
    public void close() {
        for (Pending p : pending) {
            p.handOver();
        }
    }

    /** The wake-ups gathered for one loop. */
    private static final class Pending {
        final EventLoop loop;
        Thread[] threads = new Thread[CHUNK];
        int size;

        Pending(EventLoop loop) {
            this.loop = loop;
        }

        void handOver() {
            if (size == 0) {
                return;
            }
            Thread[] batch = threads;
            int n = size;
            threads = new Thread[CHUNK];
            size = 0;
            // On the loop's own thread each unpark is a push on its local run queue.
            loop.execute(() -> {
                for (int i = 0; i < n; i++) {
                    LockSupport.unpark(batch[i]);
                }
            });
        }
    }
}
