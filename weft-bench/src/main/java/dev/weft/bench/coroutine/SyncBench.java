package dev.weft.bench.coroutine;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.sync.Mutex;
import dev.weft.coroutine.sync.Pool;
import dev.weft.coroutine.sync.Semaphore;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Uncontended acquire + release, {@link #OPS} times in one coroutine (Weft) or one virtual thread
 * (baseline), each Weft synchroniser against its JDK counterpart in the same run: {@link Mutex}
 * against {@link ReentrantLock}, {@link Semaphore} against {@link java.util.concurrent.Semaphore},
 * {@link Pool} against an {@link ArrayBlockingQueue} used as a pool (take to borrow, put to
 * return). Score: nanoseconds per acquire + release pair. Goal: Weft at most 1.0x the baseline's
 * time (≥ 1.0x its speed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SyncBench {
    static final int OPS = 100_000;

    private final Mutex mutex = new Mutex("bench");
    private final ReentrantLock lock = new ReentrantLock();
    private final Semaphore semaphore = new Semaphore("bench", 4);
    private final java.util.concurrent.Semaphore jdkSemaphore = new java.util.concurrent.Semaphore(4);
    private final Pool<Object> pool = new Pool<>("bench", 4, Object::new, null);
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
    private long counter;

    /** Fills the baseline pool the way {@link Pool} fills itself: four objects. */
    @Setup
    public void fill() {
        for (int i = 0; i < 4; i++) {
            queue.add(new Object());
        }
    }

    private long inCoroutine(Runnable loop) {
        Coroutine c = Co.go(loop);
        if (!Co.join(List.of(c), null)) {
            throw new IllegalStateException("join failed: " + Co.lastError());
        }
        return counter;
    }

    private long inVirtualThread(Runnable loop) throws InterruptedException {
        Thread t = Thread.ofVirtual().start(loop);
        t.join();
        return counter;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long mutex() {
        return inCoroutine(() -> {
            for (int i = 0; i < OPS; i++) {
                mutex.lock();
                counter++;
                mutex.unlock();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long baselineReentrantLock() throws InterruptedException {
        return inVirtualThread(() -> {
            for (int i = 0; i < OPS; i++) {
                lock.lock();
                counter++;
                lock.unlock();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long semaphore() {
        return inCoroutine(() -> {
            for (int i = 0; i < OPS; i++) {
                semaphore.acquire();
                counter++;
                semaphore.release();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long baselineJdkSemaphore() throws InterruptedException {
        return inVirtualThread(() -> {
            for (int i = 0; i < OPS; i++) {
                jdkSemaphore.acquireUninterruptibly();
                counter++;
                jdkSemaphore.release();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long pool() {
        return inCoroutine(() -> {
            for (int i = 0; i < OPS; i++) {
                Object o = pool.borrow();
                counter += o.hashCode() & 1;
                pool.release(o);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long baselineArrayBlockingQueuePool() throws InterruptedException {
        return inVirtualThread(() -> {
            try {
                for (int i = 0; i < OPS; i++) {
                    Object o = queue.take();
                    counter += o.hashCode() & 1;
                    queue.put(o);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
