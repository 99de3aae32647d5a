package dev.weft.net.internal.websocket;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A small shared pool of raw (no zlib header) compressors or decompressors, for connections without
 * context takeover: one is taken for one message and given back reset, so an idle connection holds
 * none. At most {@code capacity} idle ones are kept; the rest are ended at once, since their native
 * memory (256 KiB for a compressor) would otherwise wait for a garbage collection.
 *
 * @param <T> {@link Deflater} or {@link Inflater}
 */
final class ZlibPool<T> {
    /** Enough for every carrier thread to compress and inflate at once, a few more for bursts. */
    private static final int CAPACITY = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /** Compressors at {@link #LEVEL}. */
    static final ZlibPool<Deflater> DEFLATERS = new ZlibPool<>(ZlibPool::newDeflater, Deflater::reset, Deflater::end);

    /** Decompressors. */
    static final ZlibPool<Inflater> INFLATERS =
            new ZlibPool<>(() -> new Inflater(true), Inflater::reset, Inflater::end);

    /**
     * nginx's default {@code gzip_comp_level}: the fastest level, most of the gain of the others for
     * the text a WebSocket carries, at a fraction of their CPU.
     */
    static final int LEVEL = Deflater.BEST_SPEED;

    private final ArrayBlockingQueue<T> idle = new ArrayBlockingQueue<>(CAPACITY);
    private final Supplier<T> factory;
    private final Consumer<T> reset;
    private final Consumer<T> end;

    private ZlibPool(Supplier<T> factory, Consumer<T> reset, Consumer<T> end) {
        this.factory = factory;
        this.reset = reset;
        this.end = end;
    }

    /** A compressor with no zlib wrapper, as RFC 7692 sends. */
    static Deflater newDeflater() {
        return new Deflater(LEVEL, true);
    }

    /** An idle one, or a new one. */
    T take() {
        T t = idle.poll();
        return t != null ? t : factory.get();
    }

    /** Gives one back, reset; ends it when the pool is full. */
    void give(T t) {
        reset.accept(t);
        if (!idle.offer(t)) {
            end.accept(t);
        }
    }
}
