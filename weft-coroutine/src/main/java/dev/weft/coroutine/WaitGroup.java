package dev.weft.coroutine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits for a group of tasks to finish (Go's and webman's {@code WaitGroup}): {@link #add(int)}
 * before starting each task, {@link #done()} when it ends, {@link #await(Duration)} to wait for the
 * count to reach zero. A blocked {@code await} is a cancellable suspension ({@code waitGroup.wait}).
 */
public final class WaitGroup {
    private final Object lock = new Object();
    private final List<Suspension> waiters = new ArrayList<>();
    private int count;

    /** Creates a group with count 0. */
    public WaitGroup() {}

    /**
     * Adds {@code delta} (which may be negative) to the count; at zero every waiter is released.
     *
     * @throws IllegalStateException if the count would become negative, or on a positive add while
     *                               coroutines are waiting
     */
    public void add(int delta) {
        synchronized (lock) {
            long next = (long) count + delta;
            if (next < 0) {
                throw new IllegalStateException("WaitGroup count would become negative: " + next);
            }
            if (delta > 0 && !waiters.isEmpty()) {
                throw new IllegalStateException("WaitGroup.add while " + waiters.size() + " waiter(s) await it");
            }
            count = (int) Math.min(next, Integer.MAX_VALUE);
            if (count == 0) {
                waiters.forEach(Suspension::wake);
                waiters.clear();
            }
        }
    }

    /** Decrements the count by one; see {@link #add(int)}. */
    public void done() {
        add(-1);
    }

    /** The current count. */
    public int count() {
        synchronized (lock) {
            return count;
        }
    }

    /**
     * Waits until the count is zero.
     *
     * @return true at zero; false on timeout ({@link CoError#CO_TIMEDOUT}) or cancel
     * @throws KilledException when killed while waiting
     */
    public boolean await(Duration timeout) {
        Context ctx = Context.current();
        ctx.enter();
        Suspension s;
        synchronized (lock) {
            if (count == 0) {
                return true;
            }
            if (timeout != null && timeout.isZero()) {
                ctx.result(CoError.CO_TIMEDOUT);
                return false;
            }
            s = Suspension.begin(ctx, "waitGroup.wait", true, false);
            waiters.add(s);
        }
        try {
            if (s.await(Suspension.deadline(timeout)) != Suspension.Outcome.WOKEN) {
                synchronized (lock) {
                    waiters.remove(s);
                }
            }
        } finally {
            s.end();
        }
        return s.outcome() == Suspension.Outcome.WOKEN;
    }
}
