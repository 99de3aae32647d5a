package dev.weft.coroutine;

import dev.weft.coroutine.internal.loop.EventLoop;
import dev.weft.coroutine.internal.loop.LoopGroup;
import dev.weft.coroutine.internal.loop.LoopTimer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide timers, Workerman's {@code Timer::add/del}. Each run of a timer is a managed
 * coroutine (named {@code timer-<id>}), so a slow run never delays other timers; a run that throws
 * is logged and a repeating timer keeps going. {@link #count()} is what {@code status} shows as
 * "timers".
 */
public final class Timer {
    private static final System.Logger LOG = System.getLogger("dev.weft.coroutine.Timer");
    private static final AtomicLong IDS = new AtomicLong();
    private static final ConcurrentHashMap<Long, Entry> TIMERS = new ConcurrentHashMap<>();
    private static final ScheduledThreadPoolExecutor CLOCK = clock();

    private Timer() {}

    /** A timer in the table; registered before it is scheduled so a one-shot that fires at once still removes itself. */
    private static final class Entry {
        volatile ScheduledFuture<?> future;
        volatile EventLoop loop;
        volatile LoopTimer loopTimer;
        volatile boolean deleted;

        void cancel() {
            deleted = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            LoopTimer t = loopTimer;
            if (t != null) {
                loop.cancel(t);
            }
        }
    }

    /** One run of a timer on an event loop's timer queue; a repeating one queues its next run first. */
    private static final class OnLoop extends LoopTimer {
        private final Entry entry;
        private final long period;
        private final Runnable fire;

        OnLoop(Entry entry, long deadline, long period, Runnable fire) {
            super(deadline);
            this.entry = entry;
            this.period = period;
            this.fire = fire;
        }

        static void schedule(Entry entry, EventLoop loop, long deadline, long period, Runnable fire) {
            OnLoop t = new OnLoop(entry, deadline, period, fire);
            entry.loop = loop;
            entry.loopTimer = t;
            loop.schedule(t);
            // Dekker with cancel(): it writes deleted then reads loopTimer; we wrote loopTimer first.
            if (entry.deleted) {
                loop.cancel(t);
            }
        }

        @Override
        protected void fire() {
            if (entry.deleted) {
                return;
            }
            if (period > 0) {
                schedule(entry, entry.loop, deadline() + period, period, fire);
            }
            fire.run();
        }
    }

    private static ScheduledThreadPoolExecutor clock() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weft-timer");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /**
     * Schedules {@code task} after {@code interval}, and every {@code interval} after that when
     * {@code repeat}.
     *
     * @return the timer id, for {@link #del(long)}
     * @throws IllegalArgumentException if the interval is not positive
     */
    public static long add(Duration interval, Runnable task, boolean repeat) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("timer interval must be positive: " + interval);
        }
        long id = IDS.incrementAndGet();
        long nanos = interval.toNanos();
        Runnable fire = () -> {
            if (!repeat) {
                TIMERS.remove(id);
            }
            Co.go("timer-" + id, () -> runGuarded(id, task));
        };
        Entry entry = new Entry();
        TIMERS.put(id, entry);
        // On an event loop, the loop's own timer queue times it and its runs start on the loop.
        EventLoop loop = LoopGroup.placement();
        if (loop != null) {
            OnLoop.schedule(entry, loop, System.nanoTime() + nanos, repeat ? nanos : 0, fire);
            return id;
        }
        entry.future = repeat
                ? CLOCK.scheduleAtFixedRate(fire, nanos, nanos, TimeUnit.NANOSECONDS)
                : CLOCK.schedule(fire, nanos, TimeUnit.NANOSECONDS);
        if (entry.deleted) {
            entry.cancel();
        }
        return id;
    }

    private static void runGuarded(long id, Runnable task) {
        try {
            task.run();
        } catch (KilledException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "timer " + id + " failed", e);
        }
    }

    /**
     * Stops timer {@code id}; a run already started goes on.
     *
     * @return false if there is no such timer (never added, deleted, or a one-shot that has fired)
     */
    public static boolean del(long id) {
        Entry e = TIMERS.remove(id);
        if (e == null) {
            return false;
        }
        e.cancel();
        return true;
    }

    /** Timers scheduled and not deleted (one-shot timers until they fire). */
    public static int count() {
        return TIMERS.size();
    }

    /** Deletes every timer (a worker does this when it stops). */
    public static void delAll() {
        TIMERS.keySet().forEach(Timer::del);
    }
}
