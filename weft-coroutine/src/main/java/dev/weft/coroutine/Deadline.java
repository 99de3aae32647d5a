package dev.weft.coroutine;

import dev.weft.coroutine.internal.loop.EventLoop;
import dev.weft.coroutine.internal.loop.FallbackTimers;
import dev.weft.coroutine.internal.loop.LoopTimer;
import dev.weft.coroutine.internal.loop.TimerQueue;

/**
 * A re-armable deadline for hot paths: one object per owner (a connection), armed and disarmed as
 * often as needed without allocating and, mostly, without touching a timer queue. It is what a
 * server's idle and read limits are built on: a timeout that costs no coroutine and no timer per
 * request.
 *
 * <p>The deadline lives on the timer queue of the event loop that {@linkplain #create created} it (in
 * the fallback mode, on one shared {@code weft-deadlines} thread). {@link #arm} only records the new
 * deadline when the queued entry fires no later than it; the entry, when it fires, re-queues itself
 * at the recorded deadline if that moved later ("lazy re-arming", as Netty's idle handler does).
 * {@link #disarm} only clears the record. So arming at every read costs a volatile write, and the
 * queue is touched once per period at most, or when a deadline moves earlier.
 *
 * <p>When an armed deadline passes, {@link Expiry#expired} runs on the loop's thread (or the
 * fallback timer thread): it must be short and must not block. Typically it ends a wait with
 * {@link Suspension#expire()}; the owner then sees {@link #hasPassed} and acts in its own coroutine.
 * If the callback returns false (the owner was not in the wait yet), it is called again about a
 * millisecond later, for as long as the deadline stays armed and passed.
 *
 * <p>{@link #arm} and {@link #disarm} may be called from any thread; they are cheapest on the
 * deadline's own loop.
 */
public final class Deadline {
    /** What runs when an armed deadline has passed. */
    @FunctionalInterface
    public interface Expiry {
        /**
         * Called on the timer's thread once the armed deadline has passed; short, never blocking.
         *
         * @param deadline the deadline that passed
         * @return true when handled; false to be called again about a millisecond later (while the
         *         deadline stays armed)
         */
        boolean expired(Deadline deadline);
    }

    /** {@link #target} when disarmed. */
    private static final long DISARMED = 0;
    /** {@link #queuedAt} when the entry is not on the queue. */
    private static final long NOT_QUEUED = Long.MIN_VALUE;

    private static final long RETRY_NANOS = 1_000_000;

    private final TimerQueue queue;
    private final Expiry expiry;
    private final Entry entry = new Entry();
    private final Runnable sync = this::sync;
    /** The armed deadline ({@link System#nanoTime()}), or {@link #DISARMED}. */
    private volatile long target = DISARMED;
    /** When the queued entry fires, or {@link #NOT_QUEUED}; written on the queue's thread only. */
    private volatile long queuedAt = NOT_QUEUED;

    private Deadline(TimerQueue queue, Expiry expiry) {
        this.queue = queue;
        this.expiry = expiry;
    }

    /**
     * A disarmed deadline on the caller's event loop (the shared fallback timer thread when the
     * caller runs on none).
     *
     * @param expiry what runs when an armed deadline passes
     */
    public static Deadline create(Expiry expiry) {
        EventLoop loop = EventLoop.current();
        return new Deadline(loop != null ? loop : FallbackTimers.get(), expiry);
    }

    /**
     * Arms (or moves) the deadline to {@code deadlineNanos}, a {@link System#nanoTime()} value. No
     * allocation; on the deadline's own loop, a queue operation only when the deadline moves earlier
     * than the queued entry.
     */
    public void arm(long deadlineNanos) {
        long d = deadlineNanos == DISARMED ? 1 : deadlineNanos;
        target = d;
        long at = queuedAt;
        if (at != NOT_QUEUED && at - d <= 0) {
            return; // the queued entry fires first and re-queues itself at d
        }
        if (queue.inThread()) {
            sync();
        } else {
            queue.execute(sync);
        }
    }

    /** Disarms the deadline: a volatile write; the queued entry, if any, lapses when it fires. */
    public void disarm() {
        target = DISARMED;
    }

    /**
     * Disarms the deadline for good and takes its entry off the timer queue. A disarmed entry stays
     * queued until it would have fired (up to the longest limit, a minute or more), and it keeps the
     * owner reachable until then: an owner that ends (a closed connection) calls this, so it is not
     * kept alive that long. The deadline may be armed again afterwards.
     */
    public void close() {
        target = DISARMED;
        if (queue.inThread()) {
            withdraw();
        } else {
            queue.execute(this::withdraw);
        }
    }

    /** On the queue's thread: the entry off the queue, unless it was armed again meanwhile. */
    private void withdraw() {
        if (target == DISARMED && queuedAt != NOT_QUEUED) {
            queue.withdraw(entry);
            queuedAt = NOT_QUEUED;
        }
    }

    /** Whether the deadline is armed. */
    public boolean isArmed() {
        return target != DISARMED;
    }

    /** Whether the deadline is armed and has passed at {@code nowNanos}. */
    public boolean hasPassed(long nowNanos) {
        long t = target;
        return t != DISARMED && nowNanos - t >= 0;
    }

    /** Whether the deadline is armed and has passed now. */
    public boolean hasPassed() {
        return hasPassed(System.nanoTime());
    }

    /** On the queue's thread: queues the entry at the armed deadline if it is not queued earlier. */
    private void sync() {
        long t = target;
        if (t == DISARMED) {
            return;
        }
        long at = queuedAt;
        if (at == NOT_QUEUED || t - at < 0) {
            queueAt(t);
        }
    }

    private void queueAt(long when) {
        queuedAt = when;
        queue.reschedule(entry, when);
    }

    /** The deadline's one entry on its timer queue. */
    private final class Entry extends LoopTimer {
        Entry() {
            super(0);
        }

        @Override
        protected void fire() {
            // Off the queue first, then read the target: an arm() from another thread writes the target,
            // then reads queuedAt, so one of the two sees the other and the deadline is never lost.
            queuedAt = NOT_QUEUED;
            long t = target;
            if (t == DISARMED) {
                return;
            }
            long now = System.nanoTime();
            if (t - now > 0) {
                queueAt(t);
                return;
            }
            if (!expiry.expired(Deadline.this)) {
                queueAt(now + RETRY_NANOS);
            }
        }
    }
}
