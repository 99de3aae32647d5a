package dev.weft.coroutine;

import dev.weft.coroutine.internal.jfr.CoroutineStartEvent;
import dev.weft.coroutine.internal.loop.LoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Static entry points of Weft's managed coroutines: start, observe, cancel and kill them, and the
 * basic blocking operations (sleep, suspend/resume, join, waitFor).
 *
 * <h2>Cancellation (Swoole semantics)</h2>
 * {@link #cancel(long)} succeeds only while the target waits in a cancellable Weft operation: that
 * operation returns its failure value at once, the target goes on running, and inside it
 * {@link #isCanceled()} is true and {@link #lastError()} is {@link CoError#CO_CANCELED}. Nothing is
 * thrown and nothing is closed.
 *
 * <h2>Kill</h2>
 * {@link #kill(long)} raises {@link KilledException} in the target at its next resume.
 *
 * <h2>Errors</h2>
 * Every method is callable from any thread. Each Weft call records its result in the caller's
 * {@link #lastError()}: per coroutine, or per thread outside coroutines. Blocking methods called
 * from a plain thread block the same way; they are just not listed as a coroutine's suspension.
 * Timeouts: {@code null} or a negative duration waits forever; zero does not wait.
 */
public final class Co {
    private Co() {}

    /** Starts a managed coroutine; it is in the registry before its first instruction runs. */
    public static Coroutine go(Runnable task) {
        return start(null, task, false);
    }

    /** Starts a named managed coroutine; see {@link #go(Runnable)}. */
    public static Coroutine go(String name, Runnable task) {
        return start(name, task, false);
    }

    /**
     * Starts a system coroutine: one Weft runs for itself (an acceptor, a timer, the control
     * channel). Listings hide it unless asked, and age-based policies never touch it.
     */
    public static Coroutine goSystem(String name, Runnable task) {
        return start(name, task, true);
    }

    private static Coroutine start(String name, Runnable task, boolean system) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        Coroutine parent = current();
        Coroutine c = new Coroutine(Registry.nextId(), name, parent == null ? -1 : parent.id(), task, system);
        Registry.add(c);
        CoroutineStartEvent.emit(c.id(), c.name(), c.parentId(), system);
        // On the caller's event loop, else the next loop; the JDK's scheduler in the fallback mode.
        Thread t = LoopGroup.newThread(system, c);
        if (name != null && !system) {
            t.setName(name);
        }
        c.start(t);
        return c;
    }

    /** The calling managed coroutine, or null outside one. */
    public static Coroutine current() {
        return Context.current() instanceof Coroutine c ? c : null;
    }

    /** The calling coroutine's id, or -1 outside a managed coroutine. */
    public static long id() {
        return Context.current() instanceof Coroutine c ? c.id() : -1;
    }

    /** The live coroutine with this id, or null. */
    public static Coroutine get(long cid) {
        return Registry.get(cid);
    }

    /**
     * Cancels the operation coroutine {@code cid} waits in (see the class comment).
     *
     * @return true if the operation was cancelled; false with {@link #lastError()}
     *         {@link CoError#CO_CANNOT_CANCEL} (the caller itself, running, or uncancellable) or
     *         {@link CoError#CO_NOT_EXISTS} (unknown or finished)
     */
    public static boolean cancel(long cid) {
        Context caller = Context.current();
        Coroutine target = Registry.get(cid);
        if (target == null) {
            caller.result(CoError.CO_NOT_EXISTS);
            return false;
        }
        return target.cancel(caller);
    }

    /**
     * Kills coroutine {@code cid}: see {@link Coroutine#kill()}.
     *
     * @return false with {@link CoError#CO_NOT_EXISTS} if unknown, {@link CoError#CO_KILL_PENDING} if a
     *         kill is already pending
     */
    public static boolean kill(long cid) {
        Coroutine target = Registry.get(cid);
        if (target == null) {
            Context.current().result(CoError.CO_NOT_EXISTS);
            return false;
        }
        return target.kill();
    }

    /** Whether the caller's most recent Weft operation ended by cancellation. */
    public static boolean isCanceled() {
        return Context.current().cancelled();
    }

    /** The error of the caller's most recent Weft call ({@link CoError#NONE} on success). */
    public static CoError lastError() {
        return Context.current().lastError;
    }

    /**
     * Records {@code error} as the result of the caller's most recent Weft call ({@link #lastError()};
     * {@link #isCanceled()} becomes false). For Weft operations implemented outside this package
     * (the cancellable I/O of {@code dev.weft.coroutine.net}, {@code .fs}, {@code .process} and
     * {@code .signal} reports {@link CoError#IO_ERROR} and fast-path successes this way) and for
     * user-built operations.
     */
    public static void setLastError(CoError error) {
        Context.current().result(error == null ? CoError.NONE : error);
    }

    /**
     * Starts a Weft operation that may complete without blocking: delivers a pending kill of the
     * calling coroutine and clears {@link #lastError()}. Weft's non-blocking fast paths (an
     * uncontended lock, a socket read that finds data) call it first, so a coroutine that never
     * has to wait is still killable; a CPU-bound loop can call it for the same reason.
     *
     * @throws KilledException if the calling coroutine has been killed and is not in an
     *                         {@link #uncancellable} region
     */
    public static void checkKilled() {
        Context.current().enter();
    }

    /**
     * Sleeps for {@code duration} ({@code null}: until cancelled).
     *
     * @return true when the time has passed; false when cancelled ({@link CoError#CO_CANCELED}) or
     *         the duration is negative ({@link CoError#INVALID_PARAMS})
     * @throws KilledException when killed
     */
    public static boolean sleep(Duration duration) {
        Context ctx = Context.current();
        if (duration != null && duration.isNegative()) {
            ctx.enter();
            ctx.result(CoError.INVALID_PARAMS);
            return false;
        }
        long deadline = Suspension.deadline(duration);
        Suspension s = Suspension.begin(ctx, "sleep", true, false, deadline);
        try {
            s.park(deadline);
        } finally {
            s.end();
        }
        return s.outcome() == Suspension.Outcome.WOKEN;
    }

    /**
     * Suspends the calling coroutine until {@link #resume(long)}.
     *
     * @return true when resumed; false when cancelled, or called outside a managed coroutine
     *         ({@link CoError#WRONG_OPERATION})
     * @throws KilledException when killed
     */
    public static boolean suspend() {
        Context ctx = Context.current();
        if (!(ctx instanceof Coroutine)) {
            ctx.enter();
            ctx.result(CoError.WRONG_OPERATION);
            return false;
        }
        Suspension s = Suspension.begin(ctx, "suspend", true, true);
        try {
            s.await(Long.MAX_VALUE);
        } finally {
            s.end();
        }
        return s.outcome() == Suspension.Outcome.WOKEN;
    }

    /**
     * Resumes a coroutine that suspended itself with {@link #suspend()}.
     *
     * @return false with {@link CoError#CO_NOT_EXISTS} (unknown or finished) or
     *         {@link CoError#WRONG_OPERATION} (not suspended in {@code suspend()})
     */
    public static boolean resume(long cid) {
        Context caller = Context.current();
        Coroutine target = Registry.get(cid);
        if (target == null) {
            caller.result(CoError.CO_NOT_EXISTS);
            return false;
        }
        Suspension s = target.suspension();
        if (s == null || !s.isResumable() || !s.wake()) {
            caller.result(CoError.WRONG_OPERATION);
            return false;
        }
        caller.result(CoError.NONE);
        return true;
    }

    /**
     * Waits until every coroutine in {@code coroutines} has finished (Swoole's {@code join}).
     * Finished coroutines count as joined (Swoole skips ids it no longer knows, and fails with
     * INVALID_PARAMS when none is left; a Java caller holds the object, so that is a success here);
     * each running coroutine accepts one joiner at a time.
     *
     * @return true when all have finished; false with {@link CoError#INVALID_PARAMS} (empty),
     *         {@link CoError#WRONG_OPERATION} (joining yourself, a coroutine listed
     *         twice or joined by another), {@link CoError#CO_TIMEDOUT} or {@link CoError#CO_CANCELED}
     *         (the targets keep running)
     * @throws KilledException when killed
     */
    public static boolean join(Collection<Coroutine> coroutines, Duration timeout) {
        return Joiner.join(Context.current(), coroutines, timeout);
    }

    /**
     * Waits until {@code condition} holds, re-checking it at a bounded interval (webman's
     * {@code Factory::waitFor} without its busy polling). The suspension's event is {@code waitFor}.
     *
     * @return true when the condition holds; false on timeout ({@link CoError#CO_TIMEDOUT}) or cancel
     */
    public static boolean waitFor(BooleanSupplier condition, Duration timeout) {
        return EventWaits.waitFor(null, condition, timeout);
    }

    /**
     * Waits until {@code condition} holds, woken to re-check it by {@link #wakeup(String)} for
     * {@code event} or at a bounded interval. The suspension's event is {@code waitFor:<event>}.
     *
     * @return true when the condition holds; false on timeout ({@link CoError#CO_TIMEDOUT}) or cancel
     */
    public static boolean waitFor(String event, BooleanSupplier condition, Duration timeout) {
        return EventWaits.waitFor(event, condition, timeout);
    }

    /**
     * Wakes every waiter of {@code event} to re-check its condition.
     *
     * @return how many waiters were woken
     */
    public static int wakeup(String event) {
        return EventWaits.wakeup(event);
    }

    /**
     * Runs {@code body} under a deadline: any Weft operation still running at the deadline (or
     * started after it) is cancelled, and when {@code body} returns after the deadline a
     * {@link TimeoutException} is thrown instead of its result. Deadlines nest; the earliest wins.
     * Checked exceptions of {@code body} are wrapped in {@link CompletionException}.
     */
    public static <T> T withTimeout(Duration timeout, Callable<T> body) throws TimeoutException {
        Context ctx = Context.current();
        long outer = ctx.deadline;
        long mine = Suspension.deadline(timeout);
        ctx.deadline = Math.min(outer, mine == Long.MAX_VALUE ? Context.NO_DEADLINE : mine);
        T result;
        try {
            result = call(body);
        } finally {
            ctx.deadline = outer;
        }
        if (mine != Long.MAX_VALUE && System.nanoTime() - mine >= 0) {
            throw new TimeoutException("deadline of " + timeout + " exceeded");
        }
        return result;
    }

    /**
     * Runs {@code body} in an uncancellable region: {@link #cancel(long)} answers
     * {@link CoError#CO_CANNOT_CANCEL} and a kill is delivered only when the region ends.
     * Checked exceptions of {@code body} are wrapped in {@link CompletionException}.
     */
    public static <T> T uncancellable(Callable<T> body) {
        if (!(Context.current() instanceof Coroutine c)) {
            return call(body);
        }
        c.enterUncancellable();
        T result;
        try {
            result = call(body);
        } catch (RuntimeException | Error e) {
            c.exitUncancellable();
            throw e;
        }
        c.exitUncancellable();
        return result;
    }

    /**
     * Runs CPU-heavy {@code work} off the caller's event loop, on a pool of platform threads
     * ({@code -Dweft.offload.threads}, default one per core), and waits for its value in a
     * cancellable operation named {@code offload}: the loop serves its other coroutines meanwhile.
     * Cancel, a {@link #withTimeout} deadline or kill abandon the wait at once and interrupt the work.
     *
     * @return the work's value; null when cancelled ({@link CoError#CO_CANCELED})
     * @throws KilledException when killed
     * @throws CompletionException wrapping a checked exception of {@code work}; unchecked ones are
     *                             rethrown as they are
     */
    public static <T> T offload(Callable<T> work) {
        return Offload.run(work);
    }

    /** Runs {@code body} in an uncancellable region; see {@link #uncancellable(Callable)}. */
    public static void uncancellable(Runnable body) {
        uncancellable(() -> {
            body.run();
            return null;
        });
    }

    private static <T> T call(Callable<T> body) {
        try {
            return body.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Runs {@code body} as a structured-concurrency scope: children started with
     * {@link CoScope#go} are killed with the caller, have a cancel passed on to them, and are
     * waited for before this returns; a child's failure is rethrown here. See {@link CoScope}.
     *
     * @throws java.util.concurrent.CompletionException when a child failed (its cause), or wrapping
     *                                                  a checked exception of {@code body}
     * @throws KilledException when the caller is killed (after its children have finished)
     */
    public static void scope(CoScope.Body body) {
        CoScope.run(null, body);
    }

    /** A named scope: its wait is listed as {@code scope.join <name>}; see {@link #scope(CoScope.Body)}. */
    public static void scope(String name, CoScope.Body body) {
        CoScope.run(name, body);
    }

    /** The live coroutines, in no particular order. */
    public static List<Coroutine> list() {
        return Registry.list();
    }

    /** The operations live coroutines are waiting in. */
    public static List<Suspension> suspensions() {
        return Registry.suspensions();
    }

    /** Registry counts: live, peak, last id, suspended, and totals. */
    public static CoStats stats() {
        return Registry.stats();
    }

    /**
     * A text dump of every live coroutine, like kotlinx's DebugProbes: a header, then for each
     * {@code Coroutine "name" #id, state: SUSPENDED (channel.pop) since 1.2 s} and its stack.
     */
    public static String dump() {
        return Dump.text(new ArrayList<>(Registry.list()));
    }
}
