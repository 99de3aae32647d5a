package dev.weft.coroutine;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link Co#offload}: CPU-heavy work on a pool of daemon platform threads ({@code weft-offload-N},
 * {@code -Dweft.offload.threads}, default one per core, none while idle), awaited in a cancellable
 * {@link Suspension} so the caller's event loop keeps serving its other coroutines.
 */
final class Offload {
    private static final ThreadPoolExecutor POOL = pool();

    private Offload() {}

    private static ThreadPoolExecutor pool() {
        int n = Math.max(
                1,
                Integer.getInteger("weft.offload.threads", Runtime.getRuntime().availableProcessors()));
        ThreadPoolExecutor e = new ThreadPoolExecutor(
                n,
                n,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("weft-offload-", 0).factory());
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** The work, which wakes its waiter when it ends in any way. */
    private static final class Task<T> extends FutureTask<T> {
        private final Suspension waiter;

        Task(Callable<T> work, Suspension waiter) {
            super(work);
            this.waiter = waiter;
        }

        @Override
        protected void done() {
            waiter.wake();
        }
    }

    static <T> T run(Callable<T> work) {
        if (work == null) {
            throw new NullPointerException("work");
        }
        Suspension s = Suspension.begin(Context.current(), "offload", true, false);
        Task<T> task = new Task<>(work, s);
        boolean woken = false;
        try {
            POOL.execute(task);
            woken = s.await(Long.MAX_VALUE) == Suspension.Outcome.WOKEN;
        } finally {
            if (!woken) {
                // Abandoned: interrupt the work (it may stop early) and drop its result.
                task.cancel(true);
            }
            s.end();
        }
        if (!woken) {
            return null;
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            // get() on a finished task does not block; keep the flag anyway.
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }
}
