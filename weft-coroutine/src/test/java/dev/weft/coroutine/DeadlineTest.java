package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Deadline: re-armable, lazily re-queued, and able to end a wait it did not start. Runs in both scheduler modes. */
class DeadlineTest {
    private static final long MS = 1_000_000;

    @Test
    void anArmedDeadlineFiresOnceAfterItPasses() throws Exception {
        CompletableFuture<Long> fired = new CompletableFuture<>();
        AtomicInteger fires = new AtomicInteger();
        CountDownLatch twice = new CountDownLatch(2);
        CompletableFuture<Long> armedAt = new CompletableFuture<>();
        Co.go("arm", () -> {
            Deadline d = Deadline.create(x -> {
                fires.incrementAndGet();
                twice.countDown();
                fired.complete(System.nanoTime());
                return true;
            });
            long now = System.nanoTime();
            armedAt.complete(now);
            d.arm(now + 30 * MS);
        });
        long late = get(fired) - get(armedAt);
        assertThat(late).isGreaterThanOrEqualTo(30 * MS);
        // Handled: nothing fires again.
        assertThat(twice.await(100, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(fires).hasValue(1);
    }

    @Test
    void reArmingLaterPostponesTheExpiryAndDisarmingCancelsIt() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicReference<Deadline> ref = new AtomicReference<>();
        CompletableFuture<Long> lastArm = new CompletableFuture<>();
        CompletableFuture<Long> firedAt = new CompletableFuture<>();
        Coroutine c = Co.go("rearm", () -> {
            Deadline d = Deadline.create(x -> {
                firedAt.complete(System.nanoTime());
                fired.countDown();
                return true;
            });
            ref.set(d);
            // Each arm moves the deadline later than the queued entry: a volatile write, no queue operation.
            // 500 ms ahead, 10 ms apart: even a loaded machine re-arms before the deadline passes.
            for (int i = 0; i < 10; i++) {
                d.arm(System.nanoTime() + 500 * MS);
                Co.sleep(Duration.ofMillis(10));
            }
            long t = System.nanoTime();
            lastArm.complete(t);
            d.arm(t + 500 * MS);
        });
        assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(get(firedAt) - get(lastArm)).isGreaterThanOrEqualTo(500 * MS);
        CoTesting.awaitDone(c);

        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<Deadline> disarmed = new CompletableFuture<>();
        Co.go("disarm", () -> {
            Deadline d = Deadline.create(x -> {
                never.countDown();
                return true;
            });
            d.arm(System.nanoTime() + 20 * MS);
            d.disarm();
            disarmed.complete(d);
        });
        assertThat(get(disarmed).isArmed()).isFalse();
        assertThat(never.await(150, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void movingTheDeadlineEarlierFiresAtTheEarlierTime() throws Exception {
        CompletableFuture<Long> firedAt = new CompletableFuture<>();
        CompletableFuture<Long> armedAt = new CompletableFuture<>();
        Co.go("earlier", () -> {
            Deadline d = Deadline.create(x -> firedAt.complete(System.nanoTime()) || true);
            long now = System.nanoTime();
            d.arm(now + 60_000 * MS);
            armedAt.complete(now);
            d.arm(now + 20 * MS);
        });
        long after = get(firedAt) - get(armedAt);
        assertThat(after).isBetween(20 * MS, 10_000 * MS);
    }

    @Test
    void aHandlerThatIsNotReadyIsCalledAgainWhileTheDeadlineStaysArmed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(1);
        Co.go("retry", () -> {
            Deadline d = Deadline.create(x -> {
                if (calls.incrementAndGet() < 3) {
                    return false;
                }
                third.countDown();
                return true;
            });
            d.arm(System.nanoTime() + 5 * MS);
        });
        assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).hasValue(3);
    }

    @Test
    void anExpiryEndsTheWaitOfAnotherCoroutineAsTimedOut() throws Exception {
        CompletableFuture<CoError> error = new CompletableFuture<>();
        CompletableFuture<Boolean> passed = new CompletableFuture<>();
        Co.go("waiter", () -> {
            Coroutine me = Co.current();
            Deadline d = Deadline.create(x -> {
                Suspension s = me.suspension();
                return s != null && s.expire();
            });
            d.arm(System.nanoTime() + 20 * MS);
            Co.suspend(); // no timeout of its own: only the deadline can end it
            error.complete(Co.lastError());
            passed.complete(d.hasPassed());
        });
        assertThat(get(error)).isEqualTo(CoError.CO_TIMEDOUT);
        assertThat(get(passed)).isTrue();
    }

    @Test
    void armingFromAPlainThreadWorksToo() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        Deadline d = Deadline.create(x -> {
            fired.countDown();
            return true;
        });
        d.arm(System.nanoTime() + 10 * MS);
        assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(d.hasPassed()).isTrue();
    }

    @Test
    void aClosedDeadlineNoLongerKeepsItsOwnerReachable() throws Exception {
        // An owner (a connection) whose deadline was armed an hour ahead, then closed: the queue must drop
        // the entry, or the owner stays reachable for that hour.
        CompletableFuture<java.lang.ref.WeakReference<Object>> owner = new CompletableFuture<>();
        Co.go("owner", () -> {
            Object connection = new byte[1 << 20];
            Deadline d = Deadline.create(x -> connection.hashCode() != 0);
            d.arm(System.nanoTime() + Duration.ofHours(1).toNanos());
            d.disarm();
            d.close();
            owner.complete(new java.lang.ref.WeakReference<>(connection));
        });
        java.lang.ref.WeakReference<Object> ref = get(owner);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc(); // what is awaited is the collection itself
            return ref.get() == null;
        });
    }
}
