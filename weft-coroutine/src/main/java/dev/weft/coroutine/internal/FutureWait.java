package dev.weft.coroutine.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Suspension;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Awaits a {@link CompletableFuture} produced off the coroutine's carrier (a pool thread, the JDK's
 * HTTP client, {@code Process.onExit}) inside a {@link Suspension}: its completion wakes the
 * suspension; cancel, timeout or kill abandon the wait at once and hand the future to
 * {@code abandon} (cancel it, release what it will produce, or let it run).
 *
 * <p>Internal: not part of Weft's API.
 */
public final class FutureWait {
    private FutureWait() {}

    /**
     * Awaits {@code f} in a suspension named {@code event}, until {@code deadline}. Internal: not part of Weft's API.
     *
     * @return the future's value, or null on cancel/timeout ({@link Co#lastError()} says which)
     * @throws IOException with {@link CoError#IO_ERROR} recorded, when the future failed with one
     */
    public static <T> T await(
            CompletableFuture<T> f, String event, long deadline, Consumer<CompletableFuture<T>> abandon)
            throws IOException {
        return await(f, event, deadline, abandon, CoError.CO_CANCELED);
    }

    /**
     * Awaits, like {@link #await(CompletableFuture, String, long, Consumer)}, a call running on a
     * {@link BlockingPool}: a cancel reports {@link CoError#AIO_CANCELED}, Swoole's code for a
     * cancelled asynchronous (thread-pool) operation. Internal: not part of Weft's API.
     */
    public static <T> T awaitPooled(
            CompletableFuture<T> f, String event, long deadline, Consumer<CompletableFuture<T>> abandon)
            throws IOException {
        return await(f, event, deadline, abandon, CoError.AIO_CANCELED);
    }

    private static <T> T await(
            CompletableFuture<T> f,
            String event,
            long deadline,
            Consumer<CompletableFuture<T>> abandon,
            CoError cancelError)
            throws IOException {
        if (f.isDone()) {
            Co.checkKilled();
            return result(f);
        }
        Suspension s = Suspension.begin(event).canceledAs(cancelError);
        boolean woken = false;
        try {
            f.whenComplete((r, e) -> s.wake());
            woken = s.await(deadline) == Suspension.Outcome.WOKEN;
        } finally {
            if (!woken) {
                abandon.accept(f);
            }
            s.end();
        }
        return woken ? result(f) : null;
    }

    /** The value of a completed future; its failure rethrown as IOException or unchecked. Internal: not part of Weft's API. */
    public static <T> T result(CompletableFuture<T> f) throws IOException {
        try {
            T r = f.get();
            Co.setLastError(CoError.NONE);
            return r;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Co.setLastError(CoError.IO_ERROR);
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        } catch (CancellationException e) {
            Co.setLastError(CoError.IO_ERROR);
            throw new IOException("operation cancelled by its provider", e);
        } catch (InterruptedException e) {
            // get() on a completed future does not block, so this cannot happen; keep the flag anyway.
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
