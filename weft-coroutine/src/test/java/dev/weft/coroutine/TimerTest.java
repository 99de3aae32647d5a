package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Timer.add / del / count. */
class TimerTest {

    @Test
    void aOneShotTimerRunsOnceInAManagedCoroutineAndThenIsGone() throws Exception {
        CompletableFuture<String> ran = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        int before = Timer.count();
        long id = Timer.add(
                Duration.ofMillis(5),
                () -> {
                    runs.incrementAndGet();
                    Coroutine me = Co.current();
                    ran.complete(me == null ? "no coroutine" : me.name());
                },
                false);
        assertThat(get(ran)).isEqualTo("timer-" + id);
        await().atMost(CoTesting.WAIT).until(() -> Timer.count() == before);
        assertThat(Timer.del(id)).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRepeatingTimerRunsUntilDeleted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        long id = Timer.add(
                Duration.ofMillis(2),
                () -> {
                    runs.incrementAndGet();
                    three.countDown();
                },
                true);
        try {
            assertThat(Timer.count()).isGreaterThanOrEqualTo(1);
            assertThat(three.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            assertThat(Timer.del(id)).isTrue();
        }
        assertThat(Timer.del(id)).isFalse();
        // a run already started may still finish; after that no new run starts
        await().atMost(CoTesting.WAIT)
                .until(() -> Co.list().stream().noneMatch(c -> c.name().equals("timer-" + id)));
        int settled = runs.get();
        CountDownLatch probe = new CountDownLatch(1);
        long probeId = Timer.add(Duration.ofMillis(20), probe::countDown, false);
        assertThat(probe.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Timer.del(probeId)).isFalse();
        assertThat(runs.get()).isEqualTo(settled);
    }

    @Test
    void aThrowingRunIsLoggedAndTheRepeatingTimerGoesOn() throws Exception {
        CountDownLatch runs = new CountDownLatch(3);
        long id = Timer.add(
                Duration.ofMillis(2),
                () -> {
                    runs.countDown();
                    throw new IllegalStateException("timer body failed (expected by the test)");
                },
                true);
        try {
            assertThat(runs.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            Timer.del(id);
        }
    }

    @Test
    void aDeletedOneShotTimerNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        // Far enough ahead that a busy machine cannot run it before the del; the sentinel fires after it.
        long id = Timer.add(Duration.ofMillis(500), runs::incrementAndGet, false);
        assertThat(Timer.del(id)).isTrue();
        CountDownLatch later = new CountDownLatch(1);
        Timer.add(Duration.ofMillis(700), later::countDown, false);
        assertThat(later.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
    }

    @Test
    void aTimerNeedsAPositiveInterval() {
        assertThatThrownBy(() -> Timer.add(Duration.ZERO, () -> {}, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timer.add(Duration.ofMillis(-1), () -> {}, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timer.add(null, () -> {}, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSlowRunDoesNotDelayOtherTimers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        Timer.add(
                Duration.ofMillis(1),
                () -> {
                    slowStarted.countDown();
                    KillTest.awaitQuietly(release);
                },
                false);
        assertThat(slowStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        CountDownLatch fast = new CountDownLatch(1);
        Timer.add(Duration.ofMillis(1), fast::countDown, false);
        try {
            assertThat(fast.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
        }
    }
}
