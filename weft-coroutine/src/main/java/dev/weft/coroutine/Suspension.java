package dev.weft.coroutine;

import dev.weft.coroutine.internal.jfr.SuspensionEvent;
import dev.weft.coroutine.internal.loop.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocking Weft operation while it blocks: a sleep, a channel pop, a socket read. Each operation
 * gets its own suspension (they are keyed per operation, not per coroutine), listed by
 * {@link Co#suspensions()} while its coroutine waits in it.
 *
 * <p>It is also the building block of every cancellable operation, Weft's own and the user's:
 * <pre>{@code
 * Suspension s = Suspension.begin("db.query " + sql);   // may throw KilledException
 * try {
 *     startAsyncWork(result -> { store(result); s.wake(); });
 *     switch (s.await(deadline)) { case WOKEN -> ...; default -> abandonAsyncWork(); }
 * } finally {
 *     s.end();                                          // sets Co.lastError(), may throw KilledException
 * }
 * }</pre>
 *
 * <h2>State</h2>
 * {@code outcome} starts {@link Outcome#PENDING}; exactly one party moves it, once, with a
 * compare-and-set: the waker ({@link Outcome#WOKEN}), a canceller ({@link Outcome#CANCELLED}), a
 * killer ({@link Outcome#KILLED}), the waiter itself at its deadline ({@link Outcome#TIMEDOUT}) or a
 * closing resource ({@link Outcome#CLOSED}). The winner unparks the waiter. Operations that
 * re-check a condition after each wake-up call {@link #rearm()} to go back to {@code PENDING}.
 */
public final class Suspension {
    /** How a suspension ended. */
    public enum Outcome {
        /** Still waiting. */
        PENDING,
        /** Woken by the other side of the operation (data ready, item handed over, resumed). */
        WOKEN,
        /** Cancelled by {@link Co#cancel(long)} or by a {@link Co#withTimeout} deadline. */
        CANCELLED,
        /** Killed: {@link #end()} raises {@link KilledException}. */
        KILLED,
        /** The operation's own timeout expired. */
        TIMEDOUT,
        /** The resource waited on was closed (a channel). */
        CLOSED
    }

    private static final VarHandle STATE;
    private static final Outcome[] OUTCOMES = Outcome.values();
    /** Low bits of {@link #state}: the outcome's ordinal. */
    private static final int OUTCOME_BITS = 7;

    private static final int CANCELLABLE = 8;
    private static final int RESUMABLE = 16;
    private static final int IDLE = 32;
    /** A cancel ends the operation with {@link CoError#AIO_CANCELED} (it ran on a blocking pool). */
    private static final int AIO = 64;
    /** {@link #limitMillis} when the wait has no limit. */
    private static final int NO_LIMIT = -1;

    private static final VarHandle ID;
    private static final AtomicLong IDS = new AtomicLong();
    /** Wall-clock reference so start times are computed from {@code nanoTime} without a clock call per operation. */
    static final long EPOCH_NANOS;

    /** The wall-clock instant at {@link #EPOCH_NANOS}. */
    static final Instant EPOCH;

    static {
        // Pair the two clocks tightly: the first Instant.now() loads the clock classes, and a thread
        // preempted between the two readings (a loaded machine) would shift every start time by the
        // gap, making a coroutine look younger than its own wait. Keep the tightest of a few pairs.
        Instant.now();
        long nanos = 0;
        Instant wall = null;
        long bestGap = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = System.nanoTime();
            Instant w = Instant.now();
            long gap = System.nanoTime() - before;
            if (gap < bestGap) {
                bestGap = gap;
                nanos = before + gap / 2;
                wall = w;
            }
        }
        EPOCH_NANOS = nanos;
        EPOCH = wall;
    }

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Suspension.class, "state", int.class);
            ID = l.findVarHandle(Suspension.class, "id", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 0 until {@link #id()} is first asked: a shared counter on every wait would bounce between cores. */
    private volatile long id;

    private final Context context;
    private final String event;
    private final long startNanos;
    /**
     * The outcome's ordinal ({@link Outcome#PENDING} is 0) plus the fixed {@link #CANCELLABLE},
     * {@link #RESUMABLE} and {@link #IDLE} bits; one int instead of an enum reference, three booleans
     * and the thread. The waiting thread is found through the context.
     */
    private volatile int state;
    /** This wait's flight-recorder event while a recording wants it, else null. */
    private final SuspensionEvent jfr = SuspensionEvent.beginIfEnabled();
    // The operation's own limit in ms from its start, for listings ("waited 3.9 s of 5 s"); an int
    // keeps a suspension at 48 bytes.
    private volatile int limitMillis = NO_LIMIT;

    private Suspension(Context context, String event, boolean cancellable, boolean resumable, boolean idle) {
        this.context = context;
        this.event = event;
        // A plain store: the suspension is published to other threads by a volatile write later.
        STATE.set(this, (cancellable ? CANCELLABLE : 0) | (resumable ? RESUMABLE : 0) | (idle ? IDLE : 0));
        this.startNanos = System.nanoTime();
    }

    /**
     * Begins a cancellable blocking operation of the calling thread. In a managed coroutine the
     * suspension is published at once, so {@code cancel}, {@code kill} and {@code wake} take effect
     * from this point, even before {@link #await} parks. Inside an {@link Co#uncancellable} region the
     * suspension is uncancellable.
     *
     * @param event what is waited on, for listings ({@code sleep}, {@code socket.read 10.0.0.1:80})
     * @throws KilledException if a kill is pending for the calling coroutine
     */
    public static Suspension begin(String event) {
        return begin(event, true);
    }

    /**
     * Begins a blocking operation; {@code cancellable == false} makes {@code cancel} answer
     * {@link CoError#CO_CANNOT_CANCEL} and delays a kill to {@link #end()} (a file lock, say).
     *
     * @throws KilledException if a kill is pending for the calling coroutine
     */
    public static Suspension begin(String event, boolean cancellable) {
        return begin(Context.current(), event, cancellable, false);
    }

    /**
     * Begins a cancellable <em>idle</em> wait: a connection's coroutine waiting for the next request
     * or message of a kept-alive client. Its event should say so (Weft's sockets append
     * {@code " (idle)"}); listings show it with {@link #isIdle()} true, and age-based policies
     * ({@code co check}, {@code co kill --older-than}, the monitor) skip it unless told to include
     * idle waits: a client that keeps its connection open is not stuck work.
     *
     * @throws KilledException if a kill is pending for the calling coroutine
     */
    public static Suspension beginIdle(String event) {
        return begin(Context.current(), event, true, false, true, Long.MAX_VALUE);
    }

    static Suspension begin(Context context, String event, boolean cancellable, boolean resumable) {
        return begin(context, event, cancellable, resumable, false, Long.MAX_VALUE);
    }

    /** Like the other, with the operation's deadline known before it is published (for listings). */
    static Suspension begin(Context context, String event, boolean cancellable, boolean resumable, long deadlineNanos) {
        return begin(context, event, cancellable, resumable, false, deadlineNanos);
    }

    private static Suspension begin(
            Context context, String event, boolean cancellable, boolean resumable, boolean idle, long deadlineNanos) {
        context.enter();
        boolean effectiveCancellable = cancellable && !(context instanceof Coroutine c && c.inUncancellableRegion());
        Suspension s = new Suspension(context, event, effectiveCancellable, resumable, idle);
        s.limitMillis = s.limitOf(deadlineNanos);
        if (context.deadline != Context.NO_DEADLINE
                && effectiveCancellable
                && System.nanoTime() - context.deadline >= 0) {
            s.complete(Outcome.CANCELLED);
        }
        if (context instanceof Coroutine c) {
            c.suspended(s);
        }
        return s;
    }

    /**
     * Parks the calling thread (the one that began this suspension) until the outcome is decided
     * or {@code deadlineNanos} (a {@link System#nanoTime()} value, {@link Long#MAX_VALUE} for none)
     * passes, which ends it as {@link Outcome#TIMEDOUT}. A {@link Co#withTimeout} deadline that
     * comes first ends it as {@link Outcome#CANCELLED}. An interrupt of the thread cancels a
     * cancellable suspension and stays set.
     *
     * @return the outcome, never {@link Outcome#PENDING}
     */
    public Outcome await(long deadlineNanos) {
        limitMillis = limitOf(deadlineNanos);
        for (; ; ) {
            Outcome o = park(deadlineNanos);
            if (o != Outcome.PENDING) {
                return o;
            }
            complete(Outcome.TIMEDOUT);
        }
    }

    /**
     * Parks like {@link #await(long)} but leaves the outcome {@link Outcome#PENDING} when
     * {@code untilNanos} passes: for operations that re-check a condition now and then.
     *
     * @return the outcome, {@link Outcome#PENDING} if {@code untilNanos} passed undecided
     */
    public Outcome park(long untilNanos) {
        long scoped = isCancellable() ? context.deadline : Context.NO_DEADLINE;
        boolean interrupted = false;
        try {
            for (; ; ) {
                Outcome o = outcome();
                if (o != Outcome.PENDING) {
                    return o;
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (isCancellable()) {
                        complete(Outcome.CANCELLED);
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (scoped != Context.NO_DEADLINE && now - scoped >= 0) {
                    complete(Outcome.CANCELLED);
                    continue;
                }
                long until = Math.min(untilNanos, scoped);
                if (until == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else if (until - now > 0) {
                    // On an event loop, timed by the loop's own timer queue.
                    EventLoop.parkNanos(this, until - now);
                } else {
                    return outcome();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Parks like {@link #await(long)} for at most {@code timeout}; {@code null} or negative waits forever. */
    public Outcome await(Duration timeout) {
        return await(deadline(timeout));
    }

    /**
     * Wakes the waiter with {@link Outcome#WOKEN}: the operation it waits for can go on.
     *
     * @return false if the outcome was already decided (cancelled, timed out, woken before)
     */
    public boolean wake() {
        return complete(Outcome.WOKEN);
    }

    /**
     * Goes back from {@link Outcome#WOKEN} to {@link Outcome#PENDING}, for operations that re-check a
     * condition after each wake-up. Only the waiting thread calls it.
     *
     * @return false if the outcome is not {@code WOKEN}
     */
    public boolean rearm() {
        for (; ; ) {
            int st = state;
            if ((st & OUTCOME_BITS) != Outcome.WOKEN.ordinal()) {
                return false;
            }
            if (STATE.compareAndSet(this, st, st & ~OUTCOME_BITS)) {
                return true;
            }
        }
    }

    /**
     * Ends the operation: withdraws the suspension from the registry and sets {@link Co#lastError()}
     * and {@link Co#isCanceled()} from the outcome. Always call it, in a {@code finally} block.
     *
     * @return the outcome (an undecided suspension counts as {@link Outcome#WOKEN})
     * @throws KilledException if the suspension was killed, or a kill is pending and the coroutine
     *                         is not in an uncancellable region
     */
    public Outcome end() {
        Outcome o = outcome();
        if (o == Outcome.PENDING) {
            o = decide(Outcome.WOKEN) ? Outcome.WOKEN : outcome();
        }
        context.lastError = switch (o) {
            case PENDING, WOKEN, KILLED -> CoError.NONE;
            case CANCELLED -> (state & AIO) != 0 ? CoError.AIO_CANCELED : CoError.CO_CANCELED;
            case TIMEDOUT -> CoError.CO_TIMEDOUT;
            case CLOSED -> CoError.CHANNEL_CLOSED;
        };
        if (jfr != null) {
            jfr.finish(coroutineId(), event, o.name(), isIdle());
        }
        if (context instanceof Coroutine c) {
            c.resumed(this, o);
        }
        return o;
    }

    /**
     * Sets the error {@link #end()} records when this operation is cancelled: {@link CoError#CO_CANCELED}
     * unless told otherwise; {@link CoError#AIO_CANCELED} for an operation that runs on a blocking
     * pool (a file read, a name lookup). Only the waiting thread calls it, before {@code end()}.
     *
     * @return this suspension
     */
    public Suspension canceledAs(CoError error) {
        boolean aio = error == CoError.AIO_CANCELED;
        for (; ; ) {
            int st = state;
            if (STATE.compareAndSet(this, st, aio ? st | AIO : st & ~AIO)) {
                break;
            }
        }
        return this;
    }

    /** The current outcome; {@link Outcome#PENDING} while waiting. */
    public Outcome outcome() {
        return OUTCOMES[state & OUTCOME_BITS];
    }

    /** Decides the outcome if still pending and unparks the waiter; true for the party that decided it. */
    boolean complete(Outcome o) {
        if (decide(o)) {
            unparkWaiter();
            return true;
        }
        return false;
    }

    /**
     * Decides the outcome if still pending, without unparking the waiter: for a caller that holds a
     * lock and unparks after releasing it ({@link #unparkWaiter()}), so the woken waiter does not
     * find the lock still held. The waiter cannot miss it: it parks only while the outcome is pending.
     */
    boolean decide(Outcome o) {
        // A loop, not one CAS: a flag bit (AIO) may change while the outcome is still pending.
        for (; ; ) {
            int st = state;
            if ((st & OUTCOME_BITS) != Outcome.PENDING.ordinal()) {
                return false;
            }
            if (STATE.compareAndSet(this, st, st | o.ordinal())) {
                return true;
            }
        }
    }

    /** Unparks the waiting thread; after {@link #decide}. */
    void unparkWaiter() {
        LockSupport.unpark(context.thread());
    }

    /** Converts a timeout to an absolute {@link System#nanoTime()} deadline; null or negative → none. */
    public static long deadline(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
        long d = now + nanos;
        return d - now < 0 || d == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : d;
    }

    /** This operation's id, unique in the process; given when first asked, so ids need not follow start order. */
    public long id() {
        long i = id;
        if (i == 0) {
            long mine = IDS.incrementAndGet();
            long seen = (long) ID.compareAndExchange(this, 0L, mine);
            i = seen == 0 ? mine : seen;
        }
        return i;
    }

    /** The waiting context: its coroutine, or a plain thread's. */
    Context context() {
        return context;
    }

    /** The id of the waiting coroutine, or -1 if a plain thread waits. */
    public long coroutineId() {
        return context instanceof Coroutine c ? c.id() : -1;
    }

    /** When the operation started. */
    public Instant startTime() {
        return EPOCH.plusNanos(startNanos - EPOCH_NANOS);
    }

    /** How long the operation has been waiting. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    long startNanos() {
        return startNanos;
    }

    /**
     * How long the operation may wait in all, as asked by its caller (a sleep's duration, a read's timeout),
     * or null when it waits without a limit. Known once the waiter parks with a deadline.
     */
    public Duration timeLimit() {
        int limit = limitMillis;
        return limit == NO_LIMIT ? null : Duration.ofMillis(limit);
    }

    /** A deadline as milliseconds from this suspension's start, for {@link #timeLimit()}. */
    private int limitOf(long deadlineNanos) {
        if (deadlineNanos >= Long.MAX_VALUE - 1) {
            return NO_LIMIT;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (deadlineNanos - startNanos) / 1_000_000));
    }

    /** What the operation waits on: {@code sleep}, {@code channel.pop}, {@code suspend}, {@code waitFor:<event>}, ... */
    public String event() {
        return event;
    }

    /** Whether {@code cancel} and {@code kill} take effect at once. */
    public boolean isCancellable() {
        return (state & CANCELLABLE) != 0;
    }

    /** Whether this is an idle wait (see {@link #beginIdle}): age-based policies skip it by default. */
    public boolean isIdle() {
        return (state & IDLE) != 0;
    }

    boolean isResumable() {
        return (state & RESUMABLE) != 0;
    }

    /**
     * Kills the waiting coroutine through this operation: it raises {@link KilledException} when it
     * resumes. Only while this suspension is the coroutine's current one.
     *
     * @return false if the operation already ended, waits in a plain thread, or a kill is pending
     */
    public boolean kill() {
        return context instanceof Coroutine c && c.suspension() == this && c.kill();
    }

    /**
     * Cancels this operation if it is still its coroutine's current one ({@link Co#cancel(long)} for
     * one operation).
     */
    public boolean cancel() {
        return context instanceof Coroutine c && c.suspension() == this && Co.cancel(c.id());
    }

    /**
     * Ends this wait as {@link Outcome#TIMEDOUT}, as if its own deadline had passed, if it is still
     * pending and still its coroutine's current one: for a timer that times waits it did not start (a
     * connection's idle limit, see {@link Deadline}). Callable from any thread; never blocks.
     *
     * @return true if this call ended the wait
     */
    public boolean expire() {
        return context instanceof Coroutine c && c.suspension() == this && complete(Outcome.TIMEDOUT);
    }

    @Override
    public String toString() {
        return "Suspension#" + id() + "(" + event + ", coroutine " + coroutineId() + ", " + outcome() + ")";
    }
}
