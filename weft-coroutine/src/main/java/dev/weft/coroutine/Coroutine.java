package dev.weft.coroutine;

import dev.weft.coroutine.internal.jfr.CoroutineEndEvent;
import dev.weft.coroutine.internal.jfr.CoroutineRequestEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;

/**
 * A managed coroutine: a virtual thread that Weft registers, observes, cancels and kills. Start one
 * with {@link Co#go}. It is in the registry ({@link Co#list()}) from before its first instruction
 * until it finishes; a finished coroutine keeps no reference to its task or thread.
 *
 * <h2>State</h2>
 * {@link State#NEW} until its thread runs, {@link State#RUNNING} while it executes code (or blocks
 * in a JDK call Weft cannot see), {@link State#SUSPENDED} while it waits in a Weft operation — from
 * the moment the operation began — and {@link State#DONE} when its task has returned or thrown. A
 * suspended coroutine whose operation is uncancellable (a file lock, any wait inside
 * {@link Co#uncancellable}) is listed as SUSPENDED too, with its suspension's
 * {@link Suspension#isCancellable()} false: {@code cancel} answers {@link CoError#CO_CANNOT_CANCEL}
 * and a kill waits for the operation (or region) to end. Those are the stuck waits an operator
 * looks for, so they are not hidden as RUNNING.
 */
public final class Coroutine extends Context implements Runnable, Thread.UncaughtExceptionHandler {
    /** The lifecycle of a coroutine. */
    public enum State {
        /** Started, its first instruction not run yet. */
        NEW,
        /** Executing code, or blocked in a JDK call that is not a Weft operation. */
        RUNNING,
        /** Waiting in a Weft operation, cancellable or not (see {@link Suspension#isCancellable()}). */
        SUSPENDED,
        /** Finished. */
        DONE
    }

    private static final System.Logger LOG = System.getLogger("dev.weft.coroutine");
    private static final VarHandle PENDING_KILL;
    private static final VarHandle JOINER;
    /** Marks {@link #joiner} of a finished coroutine, so a late joiner skips it. */
    private static final Object FINISHED = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PENDING_KILL = l.findVarHandle(Coroutine.class, "pendingKill", KilledException.class);
            JOINER = l.findVarHandle(Coroutine.class, "joiner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final String name;
    private final long parentId;
    private final long startNanos;
    private final boolean system;
    private Runnable task;
    private volatile Thread thread;
    private volatile boolean started;
    private volatile boolean done;
    private volatile Suspension suspension;
    private volatile KilledException pendingKill;
    /** Nesting depth of {@link Co#uncancellable} regions; written by the coroutine only. */
    private volatile int uncancellable;
    /** null, the {@link Arrival} waiting for this coroutine (a join, a scope), or {@link #FINISHED}. */
    private volatile Object joiner;
    /** Whether it ended (or is ending) because it was killed. */
    private volatile boolean killed;

    Coroutine(long id, String name, long parentId, Runnable task, boolean system) {
        this.id = id;
        this.name = name;
        this.parentId = parentId;
        this.task = task;
        this.system = system;
        this.startNanos = System.nanoTime();
    }

    void start(Thread t) {
        this.thread = t;
        t.start();
    }

    /**
     * The body of this coroutine's own virtual thread; any other caller gets
     * {@link IllegalStateException}. A coroutine is its thread's task and its thread's
     * uncaught-exception handler (so no wrapper object or lambda per coroutine), and the handler is
     * how {@link Context#current()} finds the coroutine from its thread without a thread local (see
     * {@link Context}).
     *
     * @throws IllegalStateException when called by anything but the coroutine's thread starting
     */
    @Override
    public void run() {
        Thread me = Thread.currentThread();
        if (me != thread || started) {
            throw new IllegalStateException("a coroutine runs only as its own thread's task");
        }
        me.setUncaughtExceptionHandler(this);
        started = true;
        String outcome = "failed";
        try {
            enter();
            Runnable t = task;
            task = null;
            t.run();
            if (pendingKill != null) {
                takeKill(); // the task swallowed the interrupt of a kill and returned: killed all the same
            }
            outcome = killed ? "killed" : "returned";
        } catch (KilledException e) {
            outcome = "killed";
            LOG.log(System.Logger.Level.DEBUG, () -> "coroutine #" + id + " killed");
        } catch (Throwable e) {
            if (pendingKill != null) {
                // Thrown while a kill was pending: the kill's interrupt surfaced as the JDK's
                // InterruptedException, a closed socket or the like, which the task let escape.
                takeKill();
                outcome = "killed";
                LOG.log(System.Logger.Level.DEBUG, () -> "coroutine #" + id + " killed (" + e + ")");
            } else {
                LOG.log(System.Logger.Level.WARNING, "coroutine #" + id + " (" + name + ") failed", e);
            }
        } finally {
            CoroutineEndEvent.emit(id, name(), outcome, System.nanoTime() - startNanos);
            finish();
        }
    }

    /**
     * Logs what escapes {@link #run()}: reached only if finishing the coroutine itself fails, since
     * the task's own failures are caught and logged there.
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "coroutine #" + id + " failed while finishing", e);
    }

    private void finish() {
        done = true;
        suspension = null;
        task = null;
        Registry.remove(this);
        thread = null;
        if (JOINER.getAndSet(this, FINISHED) instanceof Arrival g) {
            g.arrive();
        }
    }

    @Override
    void enter() {
        super.enter();
        if (pendingKill != null && uncancellable == 0) {
            throw takeKill();
        }
    }

    /**
     * Takes the pending kill, on the coroutine's own thread, and clears the interrupt a kill may
     * have sent: a flag left set would make the next {@code FileChannel} call of the unwinding
     * coroutine close its channel. Synchronized with {@link #interruptIfBlockedInJdk}, so that
     * interrupt is never sent after the kill is taken.
     */
    private synchronized KilledException takeKill() {
        KilledException e = (KilledException) PENDING_KILL.getAndSet(this, null);
        if (e == null) {
            e = new KilledException();
        }
        Thread.interrupted();
        killed = true;
        Registry.killed();
        return e;
    }

    /**
     * Reaches a killed coroutine that waits where Weft cannot see it (in {@code Thread.sleep},
     * {@code Object.wait}, a {@code java.net} socket, a lock, JDBC): interrupts its thread while
     * this kill is still pending and the coroutine is in no Weft suspension and no uncancellable
     * region. The JDK then raises its {@code InterruptedException} (or closes the socket); a Weft
     * operation or the end of the task turns that into the kill.
     */
    private synchronized void interruptIfBlockedInJdk(KilledException exception) {
        Thread t = thread;
        if (t != null && started && pendingKill == exception && suspension == null && uncancellable == 0) {
            t.interrupt();
        }
    }

    void suspended(Suspension s) {
        suspension = s;
        // Dekker handshake with kill(): kill writes pendingKill then reads suspension; we write
        // suspension then read pendingKill, so one of us sees the other.
        if (pendingKill != null && s.isCancellable()) {
            s.complete(Suspension.Outcome.KILLED);
        }
    }

    void resumed(Suspension s, Suspension.Outcome o) {
        if (suspension == s) {
            suspension = null;
        }
        if (o == Suspension.Outcome.CANCELLED) {
            Registry.cancelled();
        }
        if ((o == Suspension.Outcome.KILLED || pendingKill != null) && uncancellable == 0) {
            throw takeKill();
        }
    }

    boolean inUncancellableRegion() {
        return uncancellable > 0;
    }

    void enterUncancellable() {
        uncancellable++;
    }

    /** Leaves an uncancellable region; the kill that waited for the region is delivered here. */
    void exitUncancellable() {
        if (--uncancellable == 0 && pendingKill != null) {
            throw takeKill();
        }
    }

    /** Cancels the current operation; the caller's context gets the error. */
    boolean cancel(Context caller) {
        boolean ok = doCancel(caller);
        CoroutineRequestEvent.emit("cancel", id, name(), Co.id(), caller.lastError.name());
        return ok;
    }

    private boolean doCancel(Context caller) {
        if (done) {
            caller.result(CoError.CO_NOT_EXISTS);
            return false;
        }
        Suspension s = suspension;
        if (caller == this
                || s == null
                || !s.isCancellable()
                || uncancellable > 0
                || !s.complete(Suspension.Outcome.CANCELLED)) {
            caller.result(CoError.CO_CANNOT_CANCEL);
            return false;
        }
        caller.result(CoError.NONE);
        return true;
    }

    /**
     * Kills this coroutine: it raises {@link KilledException} at its next resume — at once if it
     * waits in a cancellable Weft operation, otherwise when it next enters or leaves one (an
     * uncancellable region delivers it when the region ends). A coroutine blocked in a JDK call
     * (no Weft suspension, no uncancellable region) is interrupted, so {@code Thread.sleep},
     * {@code Object.wait}, {@code java.net} sockets and interruptible locks give up at once; until
     * the kill lands, {@link #isKillPending()} is true.
     *
     * @return false (and {@link Co#lastError()} {@link CoError#CO_KILL_PENDING}) if a kill is already
     *         pending, or ({@link CoError#CO_NOT_EXISTS}) if the coroutine has finished
     */
    public boolean kill() {
        return kill(new KilledException());
    }

    /** Kills this coroutine with the given exception; see {@link #kill()}. */
    public boolean kill(KilledException exception) {
        return kill(exception, null);
    }

    /** Kills; the wake-up goes through {@code batch} when one is given. */
    boolean kill(KilledException exception, KillBatch batch) {
        Context caller = Context.current();
        boolean ok = doKill(caller, exception, batch);
        CoroutineRequestEvent.emit(
                "kill", id, name(), caller instanceof Coroutine c ? c.id : -1, caller.lastError.name());
        return ok;
    }

    private boolean doKill(Context caller, KilledException exception, KillBatch batch) {
        if (done) {
            caller.result(CoError.CO_NOT_EXISTS);
            return false;
        }
        if (!PENDING_KILL.compareAndSet(this, null, exception)) {
            caller.result(CoError.CO_KILL_PENDING);
            return false;
        }
        Suspension s = suspension;
        if (s == null) {
            interruptIfBlockedInJdk(exception);
        } else if (s.isCancellable() && uncancellable == 0) {
            if (batch == null) {
                s.complete(Suspension.Outcome.KILLED);
            } else if (s.decide(Suspension.Outcome.KILLED)) {
                batch.wake(thread);
            }
        }
        caller.result(CoError.NONE);
        return true;
    }

    @Override
    Thread thread() {
        return thread;
    }

    /** Registers a join group; false if another joiner holds this coroutine. Finished → true, not counted. */
    int attachJoiner(Arrival g) {
        if (JOINER.compareAndSet(this, null, g)) {
            return 1;
        }
        return joiner == FINISHED ? 0 : -1;
    }

    void detachJoiner(JoinGroup g) {
        JOINER.compareAndSet(this, g, null);
    }

    /** The id, unique in the process, from 1. */
    public long id() {
        return id;
    }

    /** The name given to {@link Co#go(String, Runnable)}, or {@code "co-<id>"}. */
    public String name() {
        return name != null ? name : "co-" + id;
    }

    /** The id of the coroutine that started this one, or -1 if a plain thread did. */
    public long parentId() {
        return parentId;
    }

    /** When {@link Co#go} was called. */
    public Instant startTime() {
        return Suspension.EPOCH.plusNanos(startNanos - Suspension.EPOCH_NANOS);
    }

    /** How long ago the coroutine started. */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Whether Weft started this coroutine for itself (acceptors, timers, control): hidden from default listings. */
    public boolean isSystem() {
        return system;
    }

    /** The current state; see the class comment. */
    public State state() {
        if (done) {
            return State.DONE;
        }
        if (suspension != null) {
            return State.SUSPENDED;
        }
        return started ? State.RUNNING : State.NEW;
    }

    /** The operation the coroutine waits in, or null. */
    public Suspension suspension() {
        return suspension;
    }

    /** The coroutine's stack, empty once it is done. */
    public StackTraceElement[] stackTrace() {
        Thread t = thread;
        return t == null ? new StackTraceElement[0] : t.getStackTrace();
    }

    /** Whether the task has returned or thrown. */
    public boolean isDone() {
        return done;
    }

    /**
     * Whether a kill waits to be delivered: the coroutine runs code that reaches no Weft operation
     * (a CPU loop), waits in an uncancellable operation or region, or is blocked in a JDK call
     * that ignores interrupts.
     */
    public boolean isKillPending() {
        return pendingKill != null;
    }

    /**
     * Whether the coroutine was killed: {@link KilledException} was raised in it, or its task ended
     * (returned or threw) while a kill was pending. A task that fails because a kill interrupted
     * its JDK call ends killed, not failed.
     */
    public boolean wasKilled() {
        return killed;
    }

    @Override
    public String toString() {
        return "Coroutine \"" + name() + "\" #" + id + " " + state();
    }
}
