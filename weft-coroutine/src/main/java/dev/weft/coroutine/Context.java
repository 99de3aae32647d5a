package dev.weft.coroutine;

/**
 * Per-thread state of Weft operations: the last error (which also says whether the last operation was
 * cancelled) and the active
 * {@link Co#withTimeout} deadline. A {@link Coroutine} is its own context; a plain thread gets one
 * from a thread local. Only the owning thread writes these fields, so reading them is race-free.
 *
 * <p>A coroutine is found from its thread without a thread local: its thread's uncaught-exception
 * handler is the coroutine (set by the thread itself before any user code runs). That costs no
 * memory per coroutine (a thread-local map costs ~140 B) and one field read per lookup. A coroutine
 * that replaces its own thread's handler is no longer recognised as one.
 */
abstract class Context {
    /** No deadline: {@link #deadline} holds this when no {@code withTimeout} is active. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final ThreadLocal<Context> CURRENT = ThreadLocal.withInitial(PlainThread::new);

    CoError lastError = CoError.NONE;
    /** Absolute {@link System#nanoTime()} deadline of the innermost {@code withTimeout}, or {@link #NO_DEADLINE}. */
    long deadline = NO_DEADLINE;

    static Context current() {
        if (Thread.currentThread().getUncaughtExceptionHandler() instanceof Coroutine c) {
            return c;
        }
        return CURRENT.get();
    }

    /** The thread this context belongs to (null once a coroutine has finished): the one a suspension unparks. */
    abstract Thread thread();

    /** Records the result of a Weft call that did not block. */
    final void result(CoError error) {
        lastError = error;
    }

    /** Whether the last Weft call was cancelled ({@link Co#isCanceled()}). */
    final boolean cancelled() {
        return lastError == CoError.CO_CANCELED || lastError == CoError.AIO_CANCELED;
    }

    /** Start of a Weft operation: delivers a pending kill, clears the last result. */
    void enter() {
        lastError = CoError.NONE;
    }

    /** The context of a thread that is not a managed coroutine. */
    static final class PlainThread extends Context {
        private final Thread thread = Thread.currentThread();

        @Override
        Thread thread() {
            return thread;
        }
    }
}
