package dev.weft.coroutine.internal.loop;

/**
 * A timer on one {@link EventLoop}'s timer queue: {@link #fire()} runs on the loop's thread once its
 * deadline has passed, unless cancelled first. Subclasses keep what they need (the thread to unpark,
 * the task to start) in their own fields, so a timer is one small object.
 */
public abstract class LoopTimer {
    /** Fixed while queued; {@link TimerQueue#reschedule} moves it (on the queue's thread only). */
    long deadline;
    /** Position in the loop's heap, or -1 when not queued (not yet added, fired or cancelled). */
    int index = -1;
    /** Set by a cancel that may arrive before the loop has queued the timer. */
    volatile boolean cancelled;

    /** @param deadline a {@link System#nanoTime()} value */
    protected LoopTimer(long deadline) {
        this.deadline = deadline;
    }

    /** The {@link System#nanoTime()} at which the timer fires. */
    public final long deadline() {
        return deadline;
    }

    /** Runs on the loop's thread at the deadline; must be short and must not block. */
    protected abstract void fire();

    /** A timer that unparks a thread: a timed wait of a coroutine on the loop. */
    static final class Unpark extends LoopTimer {
        private final Thread thread;

        Unpark(long deadline, Thread thread) {
            super(deadline);
            this.thread = thread;
        }

        @Override
        protected void fire() {
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }
}
