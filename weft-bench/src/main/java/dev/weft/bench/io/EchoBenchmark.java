package dev.weft.bench.io;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TCP echo over loopback, Weft's {@code CoSocket} (coroutines + Weft's poller) against blocking
 * {@code java.net.Socket} on virtual threads (the JDK's poller). Both sides of every connection use
 * the implementation under test. Each invocation runs a batch of round trips in virtual threads, so
 * the hand-off from the JMH thread is amortised; scores are per round trip.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EchoBenchmark {
    private static final int LATENCY_ROUNDS = 200;
    private static final int CONNECTIONS = 32;
    private static final int ROUNDS_PER_CONNECTION = 50;

    /** Which socket implementation. */
    @Param({"weft", "vthread"})
    public String impl;

    /** Message size in bytes. */
    @Param({"64"})
    public int size;

    private EchoPair pair;
    private EchoPair.Client single;
    private EchoPair.Client[] many;

    /** Starts the echo server and opens the clients. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        pair = impl.equals("weft") ? new WeftEcho(size) : new VirtualThreadEcho(size);
        EchoPair.Client[] holder = new EchoPair.Client[CONNECTIONS + 1];
        Runnable[] open = new Runnable[] {
            () -> {
                try {
                    for (int i = 0; i < holder.length; i++) {
                        holder[i] = pair.connect();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        pair.runAll(open);
        single = holder[CONNECTIONS];
        many = java.util.Arrays.copyOf(holder, CONNECTIONS);
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        single.close();
        for (EchoPair.Client c : many) {
            c.close();
        }
        pair.close();
    }

    /** One connection, ping-pong: the time of one round trip. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(LATENCY_ROUNDS)
    public void pingPongLatency() throws Exception {
        pair.runAll(new Runnable[] {() -> rounds(single, LATENCY_ROUNDS)});
    }

    /** 32 connections ping-ponging concurrently: round trips per microsecond. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(CONNECTIONS * ROUNDS_PER_CONNECTION)
    public void throughput32() throws Exception {
        Runnable[] tasks = new Runnable[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            EchoPair.Client c = many[i];
            tasks[i] = () -> rounds(c, ROUNDS_PER_CONNECTION);
        }
        pair.runAll(tasks);
    }

    private static void rounds(EchoPair.Client c, int n) {
        try {
            for (int i = 0; i < n; i++) {
                c.roundTrip();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
