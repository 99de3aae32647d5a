package dev.weft.control;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoStats;
import dev.weft.coroutine.EventLoops;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for the coroutine registry: gauges {@code weft.coroutines.live}, {@code .peak},
 * {@code .suspended} and counters {@code weft.coroutines.started}, {@code .cancelled}, {@code .killed}, and
 * {@code weft.loop.stalls} ({@code weft_loop_stalls_total}: see {@link EventLoops#stalls()}).
 * {@link Co#stats()} walks every coroutine to count the suspended ones, so one snapshot is shared by
 * all six meters for a short time instead of six walks per scrape.
 */
public final class CoroutineMetrics implements MeterBinder {
    private final Supplier<CoStats> source;
    private final long ttlNanos;
    private volatile CoStats cached;
    private volatile long cachedAt;

    /** Meters over {@link Co#stats()}, a snapshot reused for up to 250 ms. */
    public CoroutineMetrics() {
        this(Co::stats, Duration.ofMillis(250));
    }

    /** Meters over {@code source}, a snapshot reused for up to {@code ttl}. */
    public CoroutineMetrics(Supplier<CoStats> source, Duration ttl) {
        this.source = Objects.requireNonNull(source, "source");
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "weft.coroutines.live", "live managed coroutines", CoStats::live);
        gauge(registry, "weft.coroutines.peak", "most live coroutines at once since start", CoStats::peak);
        gauge(registry, "weft.coroutines.suspended", "coroutines waiting in a Weft operation", CoStats::suspended);
        counter(registry, "weft.coroutines.started", "coroutines started", CoStats::started);
        counter(registry, "weft.coroutines.cancelled", "operations ended by cancel", CoStats::cancelled);
        counter(registry, "weft.coroutines.killed", "kills delivered", CoStats::killed);
        FunctionCounter.builder("weft.loop.stalls", this, m -> EventLoops.stalls())
                .description("times an event loop did not return to its selector within the stall threshold")
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String help, ToDoubleFunction<CoStats> f) {
        // Micrometer holds meter state weakly; a binder nobody else keeps would read NaN after a GC.
        // The gauges hold it strongly, which also keeps the function counters' (weak) state alive.
        Gauge.builder(name, this, m -> f.applyAsDouble(m.stats()))
                .description(help)
                .strongReference(true)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String help, ToDoubleFunction<CoStats> f) {
        FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.stats()))
                .description(help)
                .register(registry);
    }

    /** The cached snapshot, refreshed when older than the TTL. */
    CoStats stats() {
        long now = System.nanoTime();
        CoStats s = cached;
        if (s == null || now - cachedAt > ttlNanos) {
            s = source.get();
            cached = s;
            cachedAt = now;
        }
        return s;
    }
}
