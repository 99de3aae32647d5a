package dev.weft.bench.coroutine;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cancel-to-wakeup: a coroutine parked in {@code Co.suspend()} or {@code Co.sleep(null)} is
 * cancelled and the driver waits until the coroutine has run again (it bumps a counter). The
 * baseline is the same hand-off with {@code LockSupport.unpark} to a virtual thread parked in
 * {@code LockSupport.park}. Each operation is one full round: wait until the target is parked
 * again, wake it, wait for its acknowledgement. Goal: Weft at most 2x the baseline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CancelLatencyBench {

    @State(Scope.Thread)
    public static class Weft {
        @Param({"suspend", "sleep"})
        public String op;

        volatile boolean running;
        volatile long acks;
        Coroutine target;

        @Setup(Level.Trial)
        public void start() {
            running = true;
            boolean sleep = op.equals("sleep");
            target = Co.go("cancel-target", () -> {
                while (running) {
                    if (sleep) {
                        Co.sleep(null);
                    } else {
                        Co.suspend();
                    }
                    acks++;
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() {
            running = false;
            target.kill();
        }
    }

    @State(Scope.Thread)
    public static class Baseline {
        volatile boolean running;
        volatile boolean parked;
        volatile long acks;
        Thread target;

        @Setup(Level.Trial)
        public void start() {
            running = true;
            target = Thread.ofVirtual().start(() -> {
                while (running) {
                    parked = true;
                    while (parked && running) {
                        LockSupport.park();
                    }
                    acks++;
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            LockSupport.unpark(target);
            target.join();
        }
    }

    @Benchmark
    public long coCancelToWakeup(Weft s) {
        Coroutine t = s.target;
        while (t.state() != Coroutine.State.SUSPENDED) {
            Thread.onSpinWait();
        }
        long before = s.acks;
        if (!Co.cancel(t.id())) {
            throw new IllegalStateException("cancel failed: " + Co.lastError());
        }
        while (s.acks == before) {
            Thread.onSpinWait();
        }
        return before;
    }

    @Benchmark
    public long baselineUnparkToParkReturn(Baseline s) {
        while (!s.parked) {
            Thread.onSpinWait();
        }
        long before = s.acks;
        s.parked = false;
        LockSupport.unpark(s.target);
        while (s.acks == before) {
            Thread.onSpinWait();
        }
        return before;
    }
}
