package dev.weft.control;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Samples the coroutine registry at a fixed interval on its own system coroutine (so it never blocks
 * a worker's coroutines and its own policy can never kill it), writes one structured line per
 * sample, and optionally enforces a kill policy: every user coroutine selected by the policy's
 * {@link AgeFilter} is killed. System coroutines are never touched.
 */
public final class Monitor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Monitor.class.getName());
    private final Config config;
    private final Consumer<String> sink;
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong kills = new AtomicLong();
    private volatile MonitorSample last;
    private volatile boolean running;
    private volatile Coroutine loop;

    /**
     * What the monitor does.
     *
     * @param interval time between samples
     * @param format how each sample is logged
     * @param killPolicy coroutines to kill at each sample, or null for none
     * @param top how many of the oldest non-idle coroutines and suspensions each sample names
     */
    public record Config(Duration interval, MonitorSample.LogFormat format, AgeFilter killPolicy, int top) {
        /** How many coroutines and suspensions a sample names unless told otherwise. */
        public static final int DEFAULT_TOP = 5;

        /** Checks the interval and {@code top}. */
        public Config {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("monitor interval must be positive: " + interval);
            }
            Objects.requireNonNull(format, "format");
            if (top < 0) {
                throw new IllegalArgumentException("monitor top must not be negative: " + top);
            }
        }

        /** A configuration naming the {@link #DEFAULT_TOP} oldest coroutines and suspensions. */
        public Config(Duration interval, MonitorSample.LogFormat format, AgeFilter killPolicy) {
            this(interval, format, killPolicy, DEFAULT_TOP);
        }
    }

    /** A monitor logging to {@code System.Logger} {@code dev.weft.control.Monitor} at INFO. */
    public Monitor(Config config) {
        this(config, line -> LOG.log(System.Logger.Level.INFO, line));
    }

    /** A monitor writing its lines to {@code sink}. */
    public Monitor(Config config, Consumer<String> sink) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Starts sampling every {@link Config#interval()} on a system coroutine.
     *
     * @return this monitor
     */
    public synchronized Monitor start() {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        loop = Co.goSystem("weft-monitor", this::run);
        return this;
    }

    private void run() {
        while (running) {
            Co.sleep(config.interval());
            if (!running) {
                return;
            }
            try {
                sampleNow();
            } catch (RuntimeException e) {
                // One bad sample (a sink that throws) must not end monitoring.
                LOG.log(System.Logger.Level.WARNING, "monitor sample failed", e);
            }
        }
    }

    /** Takes one sample now (on the caller's thread), applies the policy and logs the line. */
    public MonitorSample sampleNow() {
        long t0 = System.nanoTime();
        List<Coroutine> live = Co.list();
        AgeFilter policy = config.killPolicy();
        long user = 0;
        long suspended = 0;
        long system = 0;
        long oldestStart = Long.MAX_VALUE;
        long oldestSuspensionNanos = 0;
        Instant oldestStartTime = null;
        int killed = 0;
        Oldest oldestCoroutines = new Oldest(config.top());
        Oldest oldestSuspensions = new Oldest(config.top());
        for (Coroutine c : live) {
            if (c.isSystem()) {
                system++;
                continue;
            }
            user++;
            Instant start = c.startTime();
            if (oldestStartTime == null || start.isBefore(oldestStartTime)) {
                oldestStartTime = start;
            }
            Suspension s = c.suspension();
            if (s != null) {
                suspended++;
                long age = s.age().toNanos();
                if (age > oldestSuspensionNanos) {
                    oldestSuspensionNanos = age;
                }
            }
            if (s == null || !s.isIdle()) {
                // Idle connections are not stuck work: naming them would hide what is.
                String event = s == null ? null : s.event();
                oldestCoroutines.offer(c, event, c.age());
                if (s != null) {
                    oldestSuspensions.offer(c, event, s.age());
                }
            }
            if (policy != null) {
                AgeFilter.Target t = policy.test(c);
                if (t != null && t.kill()) {
                    killed++;
                }
            }
        }
        Duration oldestCoroutine =
                oldestStartTime == null ? Duration.ZERO : Duration.between(oldestStartTime, Instant.now());
        if (oldestCoroutine.isNegative()) {
            oldestCoroutine = Duration.ZERO;
        }
        MonitorSample sample = new MonitorSample(
                Instant.now(),
                ProcessHandle.current().pid(),
                user,
                suspended,
                system,
                oldestCoroutine,
                Duration.ofNanos(oldestSuspensionNanos),
                killed,
                Duration.ofNanos(System.nanoTime() - t0),
                oldestCoroutines.list(),
                oldestSuspensions.list());
        samples.incrementAndGet();
        kills.addAndGet(killed);
        last = sample;
        String line = sample.format(config.format());
        if (line != null) {
            sink.accept(line);
        }
        return sample;
    }

    /** Samples taken so far. */
    public long samples() {
        return samples.get();
    }

    /** Coroutines killed by the policy so far. */
    public long kills() {
        return kills.get();
    }

    /** The most recent sample, or null before the first. */
    public MonitorSample lastSample() {
        return last;
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** Stops sampling and waits (up to 5 s) for the coroutine to end. */
    @Override
    public void close() {
        running = false;
        Coroutine c = loop;
        if (c != null) {
            Co.cancel(c.id()); // wakes the interval sleep
            Co.join(List.of(c), Duration.ofSeconds(5));
        }
    }
}
