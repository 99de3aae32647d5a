package dev.weft.bench.coroutine;

import dev.weft.coroutine.Channel;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One producer and one consumer move {@link #ITEMS} items: a Weft {@link Channel} between two
 * coroutines against an {@link ArrayBlockingQueue} of the same capacity between two virtual
 * threads. Score: items per second. Goal: Weft at least 1.0x the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChannelThroughputBench {
    static final int ITEMS = 20_000;
    private static final Integer ITEM = 42;

    @Param({"1", "1024"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long channelBetweenCoroutines() {
        Channel<Integer> ch = new Channel<>(capacity);
        long[] sum = new long[1];
        Coroutine producer = Co.go(() -> {
            for (int i = 0; i < ITEMS; i++) {
                ch.push(ITEM);
            }
        });
        Coroutine consumer = Co.go(() -> {
            long s = 0;
            for (int i = 0; i < ITEMS; i++) {
                s += ch.pop();
            }
            sum[0] = s;
        });
        if (!Co.join(List.of(producer, consumer), null)) {
            throw new IllegalStateException("join failed: " + Co.lastError());
        }
        return sum[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long baselineArrayBlockingQueueBetweenVirtualThreads() throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(capacity);
        long[] sum = new long[1];
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    q.put(ITEM);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread consumer = Thread.ofVirtual().start(() -> {
            long s = 0;
            try {
                for (int i = 0; i < ITEMS; i++) {
                    s += q.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sum[0] = s;
        });
        producer.join();
        consumer.join();
        return sum[0];
    }
}
