package dev.weft.coroutine.internal.loop;

import dev.weft.coroutine.internal.jfr.LoopStallEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Detects event loops that a coroutine hogs: a loop that has not returned to its selector for
 * longer than the threshold (a CPU loop, or a JDK call that blocks while pinning the carrier, such
 * as a wait inside a class initializer). Each episode counts once and logs one warning with the
 * hog's stack. A daemon platform thread looks at every loop four times per threshold while the
 * episode lasts; a loop that comes back from a stall the watchdog missed counts it itself (without
 * a stack).
 *
 * <p>An idle process costs the watchdog nothing: once it has found every loop waiting in its selector
 * {@link #QUIET_CHECKS} times in a row it dozes (parks with no time limit), and the first loop to
 * leave its selector wakes it ({@link #loopWoke}). Waking it forty times a second for nothing cost an
 * idle worker about 0.5% of a core on this machine kind.
 */
final class StallWatch {
    private static final System.Logger LOG = System.getLogger("dev.weft.coroutine.loop");
    private final long thresholdNanos;
    /** At most one warning per this interval; the next one says how many were not logged. */
    private final long logIntervalNanos;

    /** Checks in a row that found every loop in its selector, before the watchdog dozes. */
    static final int QUIET_CHECKS = 4;

    private final List<EventLoop> loops = new CopyOnWriteArrayList<>();
    /** The watchdog parks with no time limit; a loop that leaves its selector must unpark it. */
    private volatile boolean dozing;

    private volatile Thread watchdog;
    private final LongAdder count = new LongAdder();
    private final AtomicLong lastLog;
    private final LongAdder unlogged = new LongAdder();

    /**
     * @param thresholdMillis the stall threshold; zero or negative disables detection
     * @param logInterval     the least time between two warnings
     */
    StallWatch(long thresholdMillis, Duration logInterval) {
        this.thresholdNanos = thresholdMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(thresholdMillis) : Long.MAX_VALUE;
        this.logIntervalNanos = logInterval.toNanos();
        this.lastLog = new AtomicLong(System.nanoTime() - logIntervalNanos);
    }

    long thresholdNanos() {
        return thresholdNanos;
    }

    /** Stalls counted so far, in every loop of the group. */
    long count() {
        return count.sum();
    }

    /** Watches {@code loop}; starts the watchdog thread with the first loop. */
    void watch(EventLoop loop) {
        loops.add(loop);
        if (loops.size() == 1 && thresholdNanos != Long.MAX_VALUE) {
            watchdog = Thread.ofPlatform().daemon().name("weft-loop-watchdog").start(this::watchdog);
        }
    }

    /**
     * Called by a loop each time it leaves its selector, after publishing {@link EventLoop#busySince}: wakes a
     * dozing watchdog. Its read of {@link #dozing} and the watchdog's read of {@code busySince} after setting it
     * cannot both miss (volatile accesses are sequentially consistent).
     */
    void loopWoke() {
        if (dozing) {
            dozing = false;
            LockSupport.unpark(watchdog);
        }
    }

    /** Whether the watchdog dozes (for tests). */
    boolean dozing() {
        return dozing;
    }

    private void watchdog() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), thresholdNanos / 4);
        int quiet = 0;
        for (; ; ) {
            if (quiet >= QUIET_CHECKS) {
                dozing = true;
                if (allInSelector()) {
                    LockSupport.park(this);
                }
                dozing = false;
                quiet = 0;
            } else {
                LockSupport.parkNanos(this, period);
            }
            quiet = check() ? quiet + 1 : 0;
        }
    }

    /** Looks at every loop once; true when every one was waiting in its selector. */
    private boolean check() {
        long now = System.nanoTime();
        boolean quiet = true;
        for (EventLoop loop : loops) {
            long since = loop.busySince();
            if (since != 0) {
                quiet = false;
                if (now - since > thresholdNanos && loop.claimEpisode(since)) {
                    count.increment();
                    report(loop, now - since, hogStack(loop));
                }
            }
        }
        return quiet;
    }

    private boolean allInSelector() {
        for (EventLoop loop : loops) {
            if (loop.busySince() != 0) {
                return false;
            }
        }
        return true;
    }

    /** Called by a loop that came back after {@code since}, later than the threshold. */
    void overran(EventLoop loop, long since, long now) {
        if (since != 0 && loop.claimEpisode(since)) {
            count.increment();
            report(loop, now - since, null);
        }
    }

    /** The stack of what hogs {@code loop} now: the mounted virtual thread's, else the loop thread's. */
    private static String hogStack(EventLoop loop) {
        Thread carrier = loop.thread();
        Thread vt = VirtualThreadHooks.threadOf(loop.running());
        Thread hog = vt != null ? vt : carrier;
        StackTraceElement[] stack = hog.getStackTrace();
        StringBuilder b = new StringBuilder();
        b.append(hog.isVirtual() ? "virtual thread " : "thread ")
                .append(hog.getName().isEmpty() ? "#" + hog.threadId() : hog.getName())
                .append(
                        carrier.getState() == Thread.State.RUNNABLE
                                ? " (running)"
                                : " (blocked while pinning the loop's carrier: " + carrier.getState() + ")");
        for (StackTraceElement e : stack) {
            b.append("\n\tat ").append(e);
        }
        return b.toString();
    }

    private void report(EventLoop loop, long nanos, String stack) {
        LoopStallEvent.emit(loop.toString(), nanos, stack);
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last < logIntervalNanos || !lastLog.compareAndSet(last, now)) {
            unlogged.increment();
            return;
        }
        long skipped = unlogged.sumThenReset();
        LOG.log(
                System.Logger.Level.WARNING,
                "event loop " + loop + " has not returned to its selector for "
                        + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms: every coroutine on it waits"
                        + " (move CPU work to Co.offload, blocking calls to a Weft operation)"
                        + (skipped > 0 ? "; " + skipped + " more stall(s) since the last warning" : "")
                        + (stack != null ? ". Hog: " + stack : " (over before its stack could be taken)"));
    }
}
