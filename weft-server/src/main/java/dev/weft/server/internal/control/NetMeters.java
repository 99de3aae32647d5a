package dev.weft.server.internal.control;

import dev.weft.net.server.NetStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * A child's network meters over weft-net's process-wide {@link NetStats}: gauge
 * {@code weft_connections} (open now) and counters {@code weft_connections_accepted_total},
 * {@code weft_requests_total} (messages received), {@code weft_send_fail_total} (sends dropped on a
 * full buffer), {@code weft_throw_exception_total} (callbacks that threw),
 * {@code weft_timed_out_total} (connections closed by a time limit) and
 * {@code weft_tls_failures_total} (TLS connections closed for bad input: failed or timed-out handshakes,
 * bad records).
 *
 * <p>Micrometer's function counters read their state object through a weak reference and report
 * their last value forever once it is gone — and never call the function at all when it is null.
 * So the state is this binder, which the connections gauge holds strongly.
 */
public final class NetMeters implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("weft_connections", this, m -> NetStats.connectionCount())
                .description("open connections")
                .strongReference(true)
                .register(registry);
        counter(registry, "weft_connections_accepted", "connections accepted", m -> NetStats.accepted());
        counter(registry, "weft_requests", "messages received", m -> NetStats.totalRequest());
        counter(registry, "weft_send_fail", "sends dropped on a full buffer", m -> NetStats.sendFail());
        counter(registry, "weft_throw_exception", "callbacks that threw", m -> NetStats.throwException());
        counter(registry, "weft_timed_out", "connections closed by a time limit", m -> NetStats.timedOut());
        counter(
                registry,
                "weft_tls_failures",
                "TLS connections closed for bad input (failed or timed-out handshakes, bad records)",
                m -> NetStats.tlsFailures());
    }

    private void counter(MeterRegistry registry, String name, String help, ToDoubleFunction<NetMeters> f) {
        FunctionCounter.builder(name, this, f).description(help).register(registry);
    }
}
