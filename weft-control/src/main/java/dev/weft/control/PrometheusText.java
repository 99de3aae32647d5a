package dev.weft.control;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** A Prometheus registry with Weft's coroutine meters, and its scrape text. */
public final class PrometheusText {
    /** The content type of the text exposition format the scrape produces. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    /** A new Prometheus registry with {@link CoroutineMetrics} bound. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CoroutineMetrics().bindTo(registry);
        return registry;
    }

    /** The registry's scrape text (Prometheus text format 0.0.4). */
    public static String scrape(PrometheusMeterRegistry registry) {
        return registry.scrape();
    }
}
