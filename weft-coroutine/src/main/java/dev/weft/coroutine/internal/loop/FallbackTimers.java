package dev.weft.coroutine.internal.loop;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The timer queue of the fallback mode (coroutines on the JDK's scheduler, no event loop): one daemon
 * platform thread, {@code weft-deadlines}, with its own {@link TimerHeap}. It fires {@link LoopTimer}s
 * the way a loop does, for the few runtime timers that must not cost a thread or an allocation per
 * use (the re-armable deadlines of {@code dev.weft.coroutine.Deadline}). Started on first use.
 *
 * <p>Internal: not part of Weft's API.
 */
public final class FallbackTimers implements TimerQueue {
    private static final System.Logger LOG = System.getLogger("dev.weft.coroutine.loop");

    private final TimerHeap timers = new TimerHeap();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final Thread thread;

    private static final class Holder {
        static final FallbackTimers INSTANCE = new FallbackTimers();
    }

    private FallbackTimers() {
        thread = Thread.ofPlatform().daemon().name("weft-deadlines").unstarted(this::run);
        thread.start();
    }

    /** The process's fallback timer thread, started on the first call. */
    public static FallbackTimers get() {
        return Holder.INSTANCE;
    }

    @Override
    public boolean inThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        inbox.offer(task);
        if (!inThread()) {
            LockSupport.unpark(thread);
        }
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

    private void run() {
        for (; ; ) {
            try {
                Runnable r;
                while ((r = inbox.poll()) != null) {
                    r.run();
                }
                long now = System.nanoTime();
                LoopTimer t;
                while ((t = timers.pollExpired(now)) != null) {
                    t.fire();
                }
                if (!inbox.isEmpty()) {
                    continue;
                }
                LoopTimer next = timers.peek();
                if (next == null) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, next.deadline - System.nanoTime());
                }
            } catch (Throwable e) {
                // The thread must survive anything: every armed deadline depends on it.
                LOG.log(System.Logger.Level.ERROR, "fallback timer failure", e);
            }
        }
    }
}
