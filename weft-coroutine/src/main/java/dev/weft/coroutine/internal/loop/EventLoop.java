package dev.weft.coroutine.internal.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An event loop that is also a virtual-thread scheduler: one platform thread with its own
 * {@link Selector}, run queue and timer queue. The virtual threads it makes ({@link #newThread})
 * run only on it.
 *
 * <h2>One turn of the loop</h2>
 * It fires the expired timers, runs the continuations queued so far (a bounded batch), then polls
 * its selector: {@code selectNow} if work remains, else {@code select} until the next timer. A
 * selected key's {@link ReadyListener} runs on the loop's thread, so the coroutine it unparks is
 * queued by a plain push, with no futex wake.
 *
 * <h2>Threads</h2>
 * {@link #execute} from the loop's own thread (a mounted virtual thread, a dispatch callback, a
 * timer) pushes on a local deque. From any other thread (the JDK's timer and unblocker threads,
 * another loop, a platform thread calling {@code Co.cancel}) it pushes on a concurrent queue and
 * wakes the selector only if the loop is blocked in {@code select}. Only the loop's thread touches
 * the local deque and the timer heap.
 *
 * <h2>Stalls</h2>
 * The loop publishes when it last left its selector ({@link #busySince}); a loop that has not come
 * back for longer than the stall threshold is reported once per episode by {@link StallWatch}.
 */
public final class EventLoop implements Executor, SelectorLoop, TimerQueue {
    private static final System.Logger LOG = System.getLogger("dev.weft.coroutine.loop");
    /** Continuations run per turn before the selector is polled again, so I/O is never starved. */
    private static final int BATCH = 1024;

    private final int index;
    private final Selector selector;
    private final LoopThread thread;
    private final ArrayDeque<Runnable> local = new ArrayDeque<>(256);
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final TimerHeap timers = new TimerHeap();
    private final ThreadFactory userThreads;
    private final ThreadFactory systemThreads;
    private final StallWatch stalls;
    /**
     * False while the loop is in (or about to enter) a blocking select. The loop clears it before it
     * re-checks its inbox and selects; a foreign {@link #execute} pushes first, then the one caller
     * that flips it back to true wakes the selector. Because the loop clears it before every
     * blocking select, a wake-up consumed earlier (by a {@code selectNow}) can never leave it set
     * and silence the wakers of a later select.
     */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    /** {@link System#nanoTime()} when the loop last left its selector; 0 while it selects. */
    private volatile long busySince;
    /** The task running now (a continuation), read racily by the stall report. */
    private volatile Runnable running;
    /** The {@link #busySince} of the last stall counted, so an episode counts once. */
    private final AtomicLong countedEpisode = new AtomicLong();

    EventLoop(int index, StallWatch stalls) {
        this.index = index;
        this.stalls = stalls;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new LoopThread(this, "weft-loop-" + index);
        this.userThreads = VirtualThreadHooks.builder(this).factory();
        this.systemThreads =
                VirtualThreadHooks.builder(this).name("weft-system-", 0).factory();
        thread.start();
    }

    /**
     * The loop the caller runs on: the scheduler of the calling virtual thread, or the loop whose
     * platform thread calls; null anywhere else.
     */
    public static EventLoop current() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            return VirtualThreadHooks.schedulerOf(t) instanceof EventLoop l ? l : null;
        }
        return t instanceof LoopThread lt ? lt.loop : null;
    }

    /**
     * Parks the calling thread for at most {@code nanos} like {@link LockSupport#parkNanos(Object,
     * long)}; a virtual thread on a loop is timed by its loop's timer queue instead of the JDK's
     * timer thread, so the wake-up needs no cross-thread hand-off.
     */
    public static void parkNanos(Object blocker, long nanos) {
        Thread t = Thread.currentThread();
        if (t.isVirtual() && VirtualThreadHooks.schedulerOf(t) instanceof EventLoop l) {
            LoopTimer timer = new LoopTimer.Unpark(System.nanoTime() + nanos, t);
            l.timers.add(timer);
            try {
                LockSupport.park(blocker);
            } finally {
                // A virtual thread resumes on its own scheduler: this is the loop's thread again.
                l.timers.remove(timer);
            }
        } else {
            LockSupport.parkNanos(blocker, nanos);
        }
    }

    /** The loop's index in its group, from 0. */
    public int index() {
        return index;
    }

    /** The loop's platform thread. */
    public Thread thread() {
        return thread;
    }

    @Override
    public Selector selector() {
        return selector;
    }

    /** A new, unstarted virtual thread scheduled by this loop; {@code system} ones are named {@code weft-system-N}. */
    public Thread newThread(boolean system, Runnable task) {
        return (system ? systemThreads : userThreads).newThread(task);
    }

    /** Whether the caller runs on this loop's platform thread (directly or in a mounted virtual thread). */
    public boolean inLoop() {
        return VirtualThreadHooks.currentCarrier() == thread;
    }

    /**
     * Queues {@code task} to run on the loop: the JDK calls this with a virtual thread's
     * continuation (start, unpark, yield). Callable from any thread.
     */
    @Override
    public void execute(Runnable task) {
        if (VirtualThreadHooks.currentCarrier() == thread) {
            local.addLast(task);
        } else {
            inbox.offer(task);
            wakeIfSelecting();
        }
    }

    @Override
    public void interestChanged() {
        if (VirtualThreadHooks.currentCarrier() != thread) {
            wakeIfSelecting();
        }
    }

    private void wakeIfSelecting() {
        if (!awake.get() && awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Queues {@code timer} on this loop's timer queue; callable from any thread. */
    public void schedule(LoopTimer timer) {
        if (inLoop()) {
            timers.add(timer);
        } else {
            execute(() -> {
                if (!timer.cancelled) {
                    timers.add(timer);
                }
            });
        }
    }

    /** Withdraws {@code timer} if it has not fired; callable from any thread. */
    public void cancel(LoopTimer timer) {
        timer.cancelled = true;
        if (inLoop()) {
            timers.remove(timer);
        } else {
            execute(() -> timers.remove(timer));
        }
    }

    @Override
    public boolean inThread() {
        return inLoop();
    }

    @Override
    public void withdraw(LoopTimer timer) {
        timers.remove(timer);
    }

    @Override
    public void reschedule(LoopTimer timer, long deadline) {
        timers.remove(timer);
        timer.deadline = deadline;
        timers.add(timer);
    }

    /** Timers queued on this loop; only meaningful on the loop's thread (tests, diagnostics). */
    int timerCount() {
        return timers.size();
    }

    // --- the loop ---------------------------------------------------------------------------

    void run() {
        busySince = System.nanoTime();
        for (; ; ) {
            try {
                turn();
            } catch (Throwable t) {
                // The loop must survive anything: every coroutine and channel on it depends on it.
                LOG.log(System.Logger.Level.ERROR, "event loop " + thread.getName() + " failure", t);
            }
        }
    }

    private void turn() throws IOException {
        runTimers(System.nanoTime());
        runTasks();
        long now = System.nanoTime();
        long since = busySince;
        if (now - since > stalls.thresholdNanos()) {
            stalls.overran(this, since, now);
        }
        busySince = 0;
        if (local.isEmpty() && inbox.isEmpty()) {
            long timeout = selectTimeoutMillis(now);
            if (timeout >= 0) {
                awake.set(false);
                try {
                    if (inbox.isEmpty()) {
                        selector.select(this::dispatch, timeout);
                    } else {
                        selector.selectNow(this::dispatch);
                    }
                } finally {
                    awake.set(true);
                }
            } else {
                selector.selectNow(this::dispatch);
            }
        } else {
            selector.selectNow(this::dispatch);
        }
        busySince = System.nanoTime();
        stalls.loopWoke();
    }

    /** Milliseconds to block in select: 0 for no timer (forever), -1 when a timer is already due. */
    private long selectTimeoutMillis(long now) {
        LoopTimer next = timers.peek();
        if (next == null) {
            return 0;
        }
        long nanos = next.deadline - now;
        if (nanos <= 0) {
            return -1;
        }
        // Round up: waking before the deadline would only cost another turn.
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    private void runTimers(long now) {
        LoopTimer t;
        while ((t = timers.pollExpired(now)) != null) {
            try {
                t.fire();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "timer on " + thread.getName() + " failed", e);
            }
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            local.addLast(r);
        }
        for (int n = Math.min(local.size(), BATCH); n > 0; n--) {
            r = local.pollFirst();
            running = r;
            try {
                r.run();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "task on " + thread.getName() + " failed", e);
            }
        }
        running = null;
    }

    private void dispatch(SelectionKey key) {
        if (key.attachment() instanceof ReadyListener l) {
            try {
                l.ready(key, key.readyOps());
            } catch (CancelledKeyException e) {
                l.cancelled();
            }
        }
    }

    // --- stall bookkeeping, for StallWatch ----------------------------------------------------

    /** When the loop last left its selector, or 0 while it selects. */
    long busySince() {
        return busySince;
    }

    /** The task running now, or null. */
    Runnable running() {
        return running;
    }

    /** Claims the stall episode that began at {@code since}; true once per episode. */
    boolean claimEpisode(long since) {
        long prev = countedEpisode.get();
        return prev != since && countedEpisode.compareAndSet(prev, since);
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
