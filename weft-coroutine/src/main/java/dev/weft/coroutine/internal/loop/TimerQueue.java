package dev.weft.coroutine.internal.loop;

import java.util.concurrent.Executor;

/**
 * A thread that owns a timer queue: an {@link EventLoop}, or the {@link FallbackTimers} thread when
 * coroutines run on the JDK's scheduler. {@link #execute} runs a task on that thread; only that
 * thread calls {@link #reschedule}.
 *
 * <p>Internal: not part of Weft's API.
 */
public interface TimerQueue extends Executor {
    /** Whether the caller runs on the queue's thread. */
    boolean inThread();

    /**
     * Queues {@code timer} to fire at {@code deadline} (a {@link System#nanoTime()} value), moving it if
     * it is queued already; no allocation. Only on the queue's thread.
     */
    void reschedule(LoopTimer timer, long deadline);

    /** Takes {@code timer} off the queue if it is queued; no allocation. Only on the queue's thread. */
    void withdraw(LoopTimer timer);
}
