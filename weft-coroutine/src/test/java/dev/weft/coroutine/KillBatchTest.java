package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.WAIT;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspended;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A KillBatch kills as kill() does: every target ends killed, once, its finally blocks run; nothing is lost. */
class KillBatchTest {

    /** {@code n} sleepers that count their finally blocks and their KilledExceptions. */
    private static List<Coroutine> sleepers(int n, AtomicInteger unwound, AtomicInteger caught) {
        List<Coroutine> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Co.go("batch-" + i, () -> {
                try {
                    Co.sleep(LONG);
                } catch (KilledException e) {
                    caught.incrementAndGet();
                    throw e;
                } finally {
                    unwound.incrementAndGet();
                }
            }));
        }
        await().atMost(WAIT).until(() -> out.stream().allMatch(c -> c.state() == Coroutine.State.SUSPENDED));
        return out;
    }

    @Test
    void everyTargetOfABatchLargerThanAChunkEndsKilledOnce() {
        int n = KillBatch.CHUNK * 2 + 17; // two full hand-overs and a rest delivered by close()
        AtomicInteger unwound = new AtomicInteger();
        AtomicInteger caught = new AtomicInteger();
        List<Coroutine> targets = sleepers(n, unwound, caught);
        long before = Co.stats().killed();
        try (KillBatch batch = new KillBatch()) {
            for (Coroutine c : targets) {
                assertThat(batch.kill(c)).isTrue();
            }
            // A second kill: still pending, or (woken at once without event loops) already over.
            assertThat(batch.kill(targets.getFirst())).as("a second kill").isFalse();
            assertThat(Co.lastError()).isIn(CoError.CO_KILL_PENDING, CoError.CO_NOT_EXISTS);
            assertThat(batch.killed()).isEqualTo(n);
        }
        assertThat(Co.join(targets, WAIT)).isTrue();
        assertThat(targets).allSatisfy(c -> assertThat(c.wasKilled()).isTrue());
        assertThat(caught.get()).isEqualTo(n);
        assertThat(unwound.get()).isEqualTo(n);
        assertThat(Co.stats().killed() - before).isEqualTo(n);
        assertThat(targets).allSatisfy(c -> assertThat(Co.get(c.id())).isNull());
    }

    @Test
    void aKillThroughASuspensionLeavesACoroutineThatMovedOnAlone() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        Coroutine moved = Co.go(() -> {
            Co.suspend();
            second.countDown();
            Co.sleep(LONG);
        });
        awaitSuspendedIn(moved, "suspend");
        Suspension old = moved.suspension();
        assertThat(Co.resume(moved.id())).isTrue();
        assertThat(second.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        awaitSuspendedIn(moved, "sleep");

        AtomicInteger unwound = new AtomicInteger();
        Coroutine waiting = sleepers(1, unwound, new AtomicInteger()).getFirst();
        try (KillBatch batch = new KillBatch()) {
            assertThat(batch.kill(old)).as("no longer its operation").isFalse();
            assertThat(batch.kill(waiting.suspension())).isTrue();
        }
        awaitDone(waiting);
        assertThat(waiting.wasKilled()).isTrue();
        assertThat(moved.isDone()).isFalse();
        assertThat(moved.isKillPending()).isFalse();
        assertThat(moved.kill()).isTrue();
        awaitDone(moved);
    }

    @Test
    void aFinishedCoroutineIsNotKilledAndAnEmptyBatchClosesQuietly() throws Exception {
        Coroutine done = Co.go(() -> {});
        awaitDone(done);
        try (KillBatch batch = new KillBatch()) {
            assertThat(batch.kill(done)).isFalse();
            assertThat(Co.lastError()).isEqualTo(CoError.CO_NOT_EXISTS);
            assertThat(batch.killed()).isZero();
        }
        Coroutine c = Co.go(() -> Co.sleep(LONG));
        awaitSuspended(c);
        try (KillBatch batch = new KillBatch()) {
            batch.kill(c);
        }
        awaitDone(c);
        assertThat(c.wasKilled()).isTrue();
    }
}
