package dev.weft.coroutine.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small, bounded pool of daemon platform threads for calls that block in the JDK with no
 * non-blocking alternative (file I/O, the resolver, file locks). Coroutines await its futures
 * through {@link FutureWait}, so a blocked call never holds a coroutine's carrier.
 *
 * <p>Internal: not part of Weft's API.
 */
public final class BlockingPool {
    /** A blocking call, run on a pool thread. Internal: not part of Weft's API. */
    @FunctionalInterface
    public interface Call<T> {
        /** Runs the call. Internal: not part of Weft's API. */
        T call() throws IOException;
    }

    private final ExecutorService executor;

    /** A pool of at most {@code threads} daemon threads named {@code name-N}. Internal: not part of Weft's API. */
    public BlockingPool(String name, int threads) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name(name + "-", 0).factory());
        e.allowCoreThreadTimeOut(true);
        this.executor = e;
    }

    /**
     * Submits {@code call}. A future cancelled (abandoned) before its call starts never runs it;
     * one already running runs to completion and its result is dropped. Internal: not part of Weft's API.
     */
    public <T> CompletableFuture<T> submit(Call<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        executor.execute(() -> {
            if (f.isDone()) {
                return;
            }
            try {
                f.complete(call.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
