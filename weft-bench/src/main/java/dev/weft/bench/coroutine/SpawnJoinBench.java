package dev.weft.bench.coroutine;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Start one task and wait for it: {@code Co.go} + {@code Co.join} against
 * {@code Thread.ofVirtual().start} + {@code Thread.join}. Goal: Weft at most 1.3x the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpawnJoinBench {
    private static final Runnable TASK = () -> {};

    @Benchmark
    public boolean coGoJoin() {
        Coroutine c = Co.go(TASK);
        return Co.join(List.of(c), null);
    }

    @Benchmark
    public Thread baselineVirtualThreadStartJoin() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(TASK);
        t.join();
        return t;
    }
}
