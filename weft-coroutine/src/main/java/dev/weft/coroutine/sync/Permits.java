package dev.weft.coroutine.sync;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.KilledException;
import dev.weft.coroutine.Suspension;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter of permits with a queue of waiting {@link Suspension}s: the engine of {@link Mutex},
 * {@link Semaphore} and {@link Pool}.
 *
 * <h2>How it works</h2>
 * {@code available} is taken and given back with compare-and-set, without touching the queue, as
 * long as {@code waiting} is zero: that is the uncontended path. A waiter registers under
 * {@code guard} ({@code waiting++}, then one more try), so the releaser, which adds its permit
 * first and reads {@code waiting} second, and the waiter, which writes {@code waiting} first and
 * reads {@code available} second, cannot both miss each other. A releaser that sees a waiter hands
 * its permit over directly: it wakes the first waiter whose suspension is still pending (a
 * cancelled, timed-out or killed waiter has lost that race and is skipped); {@code available}
 * never rises while a live waiter is queued. A permit released while a waiter registers may still
 * be taken by a third party's fast path first (barging, as in a non-fair
 * {@link java.util.concurrent.Semaphore}); the waiter is then served by the next release.
 */
class Permits {
    private static final VarHandle AVAILABLE;

    static {
        try {
            AVAILABLE = MethodHandles.lookup().findVarHandle(Permits.class, "available", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String event;
    private final ReentrantLock guard = new ReentrantLock();
    /** Waiters in arrival order; guarded by {@link #guard}. */
    private final ArrayDeque<Suspension> waiters = new ArrayDeque<>();

    private volatile int available;
    /** {@code waiters.size()}, readable without the guard; written under it. */
    private volatile int waiting;

    /** Package-private: {@link Mutex} and {@link Semaphore} extend it (no field hop on their fast paths); {@link Pool} holds one. */
    Permits(String event, int permits) {
        this.event = event;
        this.available = permits;
    }

    /** Takes a permit if one is free, without waiting and without touching {@link Co#lastError()}. */
    final boolean tryTake() {
        int a;
        while ((a = available) > 0) {
            if (AVAILABLE.weakCompareAndSet(this, a, a - 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a permit, waiting up to {@code timeout} in a cancellable suspension named after the
     * event. Sets {@link Co#lastError()}.
     *
     * @return true with a permit; false on timeout ({@link CoError#CO_TIMEDOUT}) or cancel
     *         ({@link CoError#CO_CANCELED})
     * @throws KilledException when killed before or while waiting (no permit is kept)
     */
    final boolean take(Duration timeout) {
        Co.checkKilled();
        return tryTake() || takeContended(timeout);
    }

    /**
     * The rest of {@link #take} once the kill check and one {@link #tryTake()} are done (for a caller
     * that checks something of its own in between, as {@link Mutex} checks reentry).
     */
    final boolean takeContended(Duration timeout) {
        if (timeout != null && timeout.isZero()) {
            Co.setLastError(CoError.CO_TIMEDOUT);
            return false;
        }
        return acquireSlow(Suspension.deadline(timeout));
    }

    private boolean acquireSlow(long deadline) {
        Suspension s = Suspension.begin(event);
        boolean acquired = false;
        try {
            guard.lock();
            try {
                waiting = waiting + 1;
                if (tryTake()) {
                    waiting = waiting - 1;
                    acquired = true;
                } else {
                    waiters.addLast(s);
                }
            } finally {
                guard.unlock();
            }
            if (!acquired) {
                if (s.await(deadline) == Suspension.Outcome.WOKEN) {
                    acquired = true; // handed over by release()
                } else {
                    withdraw(s);
                }
            }
        } finally {
            endHolding(s, acquired);
        }
        if (acquired) {
            Co.setLastError(CoError.NONE); // the permit came even if a deadline cancelled the suspension
        }
        return acquired;
    }

    /** Ends the suspension; a kill raised there must not leak the permit the waiter holds. */
    private void endHolding(Suspension s, boolean acquired) {
        try {
            s.end();
        } catch (KilledException e) {
            if (acquired) {
                give();
            }
            throw e;
        }
    }

    private void withdraw(Suspension s) {
        guard.lock();
        try {
            if (waiters.remove(s)) {
                waiting = waiting - 1;
            }
        } finally {
            guard.unlock();
        }
    }

    /** Gives a permit back: to the first live waiter, else to the counter. */
    final void give() {
        if (waiting == 0) {
            AVAILABLE.getAndAdd(this, 1);
            if (waiting == 0 || !tryTake()) {
                return; // nobody waits, or a barging fast path took the permit
            }
        }
        handOff();
    }

    /** Passes the permit the caller holds to a waiter, or back to the counter if none is left. */
    private void handOff() {
        guard.lock();
        try {
            Suspension s;
            while ((s = waiters.pollFirst()) != null) {
                waiting = waiting - 1;
                if (s.wake()) {
                    return;
                }
            }
            // Under the guard, so a waiter registering now sees it.
            AVAILABLE.getAndAdd(this, 1);
        } finally {
            guard.unlock();
        }
    }

    /**
     * Wakes every waiter as if a permit were handed to it: for a closing {@link Pool}, whose
     * borrowers check the closed flag after they wake and give the (spurious) permit back.
     */
    final void wakeAll() {
        guard.lock();
        try {
            Suspension s;
            while ((s = waiters.pollFirst()) != null) {
                waiting = waiting - 1;
                s.wake();
            }
        } finally {
            guard.unlock();
        }
    }

    final int free() {
        return Math.max(0, available);
    }

    final int queued() {
        return waiting;
    }
}
