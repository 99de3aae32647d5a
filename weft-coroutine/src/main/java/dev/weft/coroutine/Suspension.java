package dev.weft.coroutine;

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

    private static final VarHandle OUTCOME;
    private static final AtomicLong IDS = new AtomicLong();
    /** Wall-clock reference so start times are computed from {@code nanoTime} without a clock call per operation. */
    static final long EPOCH_NANOS = System.nanoTime();

    static final Instant EPOCH = Instant.now();

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Suspension.class, "outcome", Outcome.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final Context context;
    private final Thread thread;
    private final String event;
    private final long startNanos;
    private final boolean cancellable;
    private final boolean resumable;
    private volatile Outcome outcome = Outcome.PENDING;

    private Suspension(Context context, String event, boolean cancellable, boolean resumable) {
        this.id = IDS.incrementAndGet();
        this.context = context;
        this.thread = Thread.currentThread();
        this.event = event;
        this.cancellable = cancellable;
        this.resumable = resumable;
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

    static Suspension begin(Context context, String event, boolean cancellable, boolean resumable) {
        context.enter();
        boolean effectiveCancellable = cancellable && !(context instanceof Coroutine c && c.inUncancellableRegion());
        Suspension s = new Suspension(context, event, effectiveCancellable, resumable);
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
        long scoped = cancellable ? context.deadline : Context.NO_DEADLINE;
        boolean interrupted = false;
        try {
            for (; ; ) {
                Outcome o = outcome;
                if (o != Outcome.PENDING) {
                    return o;
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (cancellable) {
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
                    return outcome;
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
        return OUTCOME.compareAndSet(this, Outcome.WOKEN, Outcome.PENDING);
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
        Outcome o = outcome;
        if (o == Outcome.PENDING) {
            o = OUTCOME.compareAndSet(this, Outcome.PENDING, Outcome.WOKEN) ? Outcome.WOKEN : outcome;
        }
        context.lastError = switch (o) {
            case PENDING, WOKEN, KILLED -> CoError.NONE;
            case CANCELLED -> CoError.CO_CANCELED;
            case TIMEDOUT -> CoError.CO_TIMEDOUT;
            case CLOSED -> CoError.CHANNEL_CLOSED;
        };
        context.cancelled = o == Outcome.CANCELLED;
        if (context instanceof Coroutine c) {
            c.resumed(this, o);
        }
        return o;
    }

    /** The current outcome; {@link Outcome#PENDING} while waiting. */
    public Outcome outcome() {
        return outcome;
    }

    /** Decides the outcome if still pending and unparks the waiter; true for the party that decided it. */
    boolean complete(Outcome o) {
        if (OUTCOME.compareAndSet(this, Outcome.PENDING, o)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
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

    /** This operation's id, unique in the process. */
    public long id() {
        return id;
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

    /** What the operation waits on: {@code sleep}, {@code channel.pop}, {@code suspend}, {@code waitFor:<event>}, ... */
    public String event() {
        return event;
    }

    /** Whether {@code cancel} and {@code kill} take effect at once. */
    public boolean isCancellable() {
        return cancellable;
    }

    boolean isResumable() {
        return resumable;
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

    @Override
    public String toString() {
        return "Suspension#" + id + "(" + event + ", coroutine " + coroutineId() + ", " + outcome + ")";
    }
}
