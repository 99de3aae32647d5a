package dev.weft.coroutine;

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
 * {@link State#NEW} until its thread runs, {@link State#RUNNING} while it executes code or waits in
 * an uncancellable operation, {@link State#SUSPENDED} while it waits in a cancellable Weft operation
 * (from the moment {@code cancel}, {@code kill} and {@code resume} take effect at once), and
 * {@link State#DONE} when its task has returned or thrown.
 */
public final class Coroutine extends Context implements Runnable, Thread.UncaughtExceptionHandler {
    /** The lifecycle of a coroutine. */
    public enum State {
        /** Started, its first instruction not run yet. */
        NEW,
        /** Executing code (or waiting in an uncancellable operation). */
        RUNNING,
        /** Waiting in a cancellable Weft operation. */
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
    /** null, a {@link JoinGroup} waiting for this coroutine, or {@link #FINISHED}. */
    private volatile Object joiner;

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
        try {
            enter();
            Runnable t = task;
            task = null;
            t.run();
        } catch (KilledException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "coroutine #" + id + " killed");
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "coroutine #" + id + " (" + name + ") failed", e);
        } finally {
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
        if (JOINER.getAndSet(this, FINISHED) instanceof JoinGroup g) {
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

    private KilledException takeKill() {
        KilledException e = (KilledException) PENDING_KILL.getAndSet(this, null);
        if (e == null) {
            e = new KilledException();
        }
        Registry.killed();
        return e;
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
     * uncancellable region delivers it when the region ends).
     *
     * @return false (and {@link Co#lastError()} {@link CoError#CO_CANCELED}) if a kill is already
     *         pending, or ({@link CoError#CO_NOT_EXISTS}) if the coroutine has finished
     */
    public boolean kill() {
        return kill(new KilledException());
    }

    /** Kills this coroutine with the given exception; see {@link #kill()}. */
    public boolean kill(KilledException exception) {
        Context caller = Context.current();
        if (done) {
            caller.result(CoError.CO_NOT_EXISTS);
            return false;
        }
        if (!PENDING_KILL.compareAndSet(this, null, exception)) {
            caller.result(CoError.CO_CANCELED);
            return false;
        }
        Suspension s = suspension;
        if (s != null && s.isCancellable() && uncancellable == 0) {
            s.complete(Suspension.Outcome.KILLED);
        }
        caller.result(CoError.NONE);
        return true;
    }

    @Override
    Thread thread() {
        return thread;
    }

    /** Registers a join group; false if another joiner holds this coroutine. Finished → true, not counted. */
    int attachJoiner(JoinGroup g) {
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
        Suspension s = suspension;
        if (s != null && s.isCancellable() && uncancellable == 0) {
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

    /** Whether a kill waits to be delivered. */
    public boolean isKillPending() {
        return pendingKill != null;
    }

    @Override
    public String toString() {
        return "Coroutine \"" + name() + "\" #" + id + " " + state();
    }
}
