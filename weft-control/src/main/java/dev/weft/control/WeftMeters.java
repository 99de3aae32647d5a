package dev.weft.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters other Weft modules record into, so names and tags stay uniform across modules:
 * connections (open gauge and accepted counter per listener), requests by outcome, send failures,
 * worker restarts and worker exit statuses. Tag values should be few (a listener name, an outcome),
 * never per-request data.
 */
public final class WeftMeters {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, AtomicLong> open = new ConcurrentHashMap<>();

    /** Meters in {@code registry}. */
    public WeftMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A connection was accepted on {@code listener}: {@code weft.connections.open} +1, {@code weft.connections.accepted} +1. */
    public void connectionOpened(String listener) {
        openGauge(listener).incrementAndGet();
        Counter.builder("weft.connections.accepted")
                .description("connections accepted")
                .tag("listener", listener)
                .register(registry)
                .increment();
    }

    /** A connection on {@code listener} closed: {@code weft.connections.open} -1. */
    public void connectionClosed(String listener) {
        openGauge(listener).decrementAndGet();
    }

    /** A request on {@code listener} ended with {@code outcome} ({@code ok}, {@code error}, {@code timeout}...): {@code weft.requests}. */
    public void request(String listener, String outcome) {
        Counter.builder("weft.requests")
                .description("requests handled")
                .tag("listener", listener)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Sending to a peer on {@code listener} failed for {@code reason}: {@code weft.send.failures}. */
    public void sendFailure(String listener, String reason) {
        Counter.builder("weft.send.failures")
                .description("failed sends")
                .tag("listener", listener)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** The master restarted a worker for {@code reason}: {@code weft.worker.restarts}. */
    public void restart(String reason) {
        Counter.builder("weft.worker.restarts")
                .description("worker restarts")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A worker exited with {@code status}: {@code weft.worker.exits}. */
    public void exit(int status) {
        Counter.builder("weft.worker.exits")
                .description("worker exits by status")
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }

    private AtomicLong openGauge(String listener) {
        return open.computeIfAbsent(listener, l -> {
            AtomicLong n = new AtomicLong();
            Gauge.builder("weft.connections.open", n, AtomicLong::get)
                    .description("open connections")
                    .tag("listener", l)
                    .strongReference(true)
                    .register(registry);
            return n;
        });
    }
}
