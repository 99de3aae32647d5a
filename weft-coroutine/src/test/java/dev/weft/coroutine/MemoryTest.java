package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspended;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** The registry keeps nothing of a finished coroutine; observed objects do not pin tasks or results. */
class MemoryTest {

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static void awaitCleared(List<? extends WeakReference<?>> refs) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    System.gc();
                    return refs.stream().allMatch(r -> r.get() == null);
                });
    }

    @Test
    void aMillionCoroutinesStartedAndFinishedLeaveNothingListedAndNoRetainedMemory() throws Exception {
        int total = 1_000_000;
        int inFlight = 20_000;
        // warm up the classes and pools involved, so the baseline includes them
        for (int i = 0; i < 10_000; i++) {
            Co.go(() -> {});
        }
        await().atMost(CoTesting.WAIT).until(() -> Co.stats().live() < 100);
        long before = usedHeapAfterGc();
        long firstId = Co.stats().lastId() + 1;

        Semaphore permits = new Semaphore(inFlight);
        CountDownLatch finished = new CountDownLatch(total);
        List<WeakReference<Object>> tasks = new ArrayList<>();
        List<WeakReference<Object>> coroutines = new ArrayList<>();
        List<WeakReference<Object>> results = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            permits.acquire();
            boolean sample = i % 10_000 == 0;
            Object[] result = new Object[1];
            Runnable task = () -> {
                try {
                    result[0] = new byte[64];
                } finally {
                    permits.release();
                    finished.countDown();
                }
            };
            Coroutine c = Co.go(task);
            if (sample) {
                tasks.add(new WeakReference<>(task));
                coroutines.add(new WeakReference<>(c));
                results.add(new WeakReference<>(result));
            }
        }
        assertThat(finished.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long lastId = Co.stats().lastId();
        await().atMost(CoTesting.WAIT)
                .until(() -> Co.list().stream().noneMatch(c -> c.id() >= firstId && c.id() <= lastId));
        assertThat(Co.list()).noneMatch(c -> c.id() >= firstId && c.id() <= lastId);
        assertThat(Co.suspensions()).noneMatch(s -> s.coroutineId() >= firstId && s.coroutineId() <= lastId);

        awaitCleared(tasks);
        awaitCleared(coroutines);
        awaitCleared(results);
        long after = usedHeapAfterGc();
        // a million retained coroutines would be hundreds of MB; allow for GC noise and the registry's table
        assertThat(after - before).as("heap before %d, after %d", before, after).isLessThan(24L << 20);
    }

    @Test
    void aHeldCoroutineDoesNotKeepItsTaskOrWhatTheTaskProducedAlive() throws Exception {
        List<WeakReference<Object>> refs = new ArrayList<>();
        CompletableFuture<WeakReference<Object>> producedRef = new CompletableFuture<>();
        Coroutine c = startObserved(refs, producedRef);
        awaitDone(c);
        refs.add(producedRef.get());
        awaitCleared(refs);
        // the coroutine object itself is still held and observable
        assertThat(c.isDone()).isTrue();
        assertThat(c.state()).isEqualTo(Coroutine.State.DONE);
    }

    /** Starts a coroutine whose task captures a big array and produces another; only weak references escape. */
    private static Coroutine startObserved(
            List<WeakReference<Object>> refs, CompletableFuture<WeakReference<Object>> producedRef) {
        byte[] captured = new byte[1 << 20];
        Runnable task = () -> {
            Object produced = new byte[1 << 20];
            producedRef.complete(new WeakReference<>(produced));
            Co.sleep(Duration.ofMillis(1));
            if (captured.length + ((byte[]) produced).length != 2 << 20) {
                throw new AssertionError();
            }
        };
        refs.add(new WeakReference<>(captured));
        refs.add(new WeakReference<>(task));
        return Co.go(task);
    }

    @Test
    void aHeldSuspensionOfAFinishedOperationDoesNotKeepTheCoroutinesStackAlive() throws Exception {
        CompletableFuture<Suspension> op = new CompletableFuture<>();
        Object[] holder = {new byte[1 << 20]};
        WeakReference<Object> onStack = new WeakReference<>(holder[0]);
        Coroutine c = Co.go(() -> {
            Object local = holder[0];
            holder[0] = null;
            Co.sleep(LONG);
            assertThat(local).isNotNull();
        });
        awaitSuspended(c);
        op.complete(c.suspension());
        c.kill();
        awaitDone(c);
        Suspension held = op.get();
        awaitCleared(List.of(onStack));
        assertThat(held.outcome()).isEqualTo(Suspension.Outcome.KILLED);
    }
}
