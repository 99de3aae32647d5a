package dev.weft.coroutine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link Co#join} call: counts the coroutines still running and wakes the joiner when the last
 * one finishes. {@code remaining} starts at 1, a guard the joiner releases after it has attached to
 * every target, so a target finishing mid-registration cannot wake a joiner that is not parked yet.
 */
final class JoinGroup implements Arrival {
    private final AtomicInteger remaining = new AtomicInteger(1);
    private volatile Suspension suspension;

    void attached() {
        remaining.incrementAndGet();
    }

    void suspension(Suspension s) {
        this.suspension = s;
    }

    /** Called once by each finishing target, and once by the joiner for the guard. */
    @Override
    public boolean arrive() {
        if (remaining.decrementAndGet() == 0) {
            Suspension s = suspension;
            if (s != null) {
                s.wake();
            }
            return true;
        }
        return false;
    }
}
