package dev.weft.coroutine.sync;

import static dev.weft.coroutine.sync.SyncTesting.awaitDone;
import static dev.weft.coroutine.sync.SyncTesting.awaitSuspendedIn;
import static dev.weft.coroutine.sync.SyncTesting.get;
import static dev.weft.coroutine.sync.SyncTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KilledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract of {@link Semaphore}: counting, a listed cancellable wait, timeouts, kill. */
class SemaphoreTest {

    @Test
    void permitsAreCountedAndAnExhaustedSemaphoreWaitsListed() throws Exception {
        Semaphore s = new Semaphore("conns", 2);
        assertThat(s.acquire()).isTrue();
        assertThat(s.tryAcquire()).isTrue();
        assertThat(s.availablePermits()).isZero();
        CompletableFuture<String> got = new CompletableFuture<>();
        Coroutine c = Co.go(() -> got.complete(outcome(s.acquire())));
        awaitSuspendedIn(c, "semaphore.acquire conns");
        assertThat(s.waiting()).isEqualTo(1);
        s.release();
        assertThat(get(got)).isEqualTo("true false NONE");
        assertThat(s.availablePermits()).isZero();
        s.release();
        s.release();
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @Test
    void aCancelledOrTimedOutAcquireKeepsNoPermit() throws Exception {
        Semaphore s = new Semaphore("s", 0);
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        Coroutine c = Co.go(() -> cancelled.complete(outcome(s.acquire())));
        awaitSuspendedIn(c, "semaphore.acquire s");
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(get(cancelled)).isEqualTo("false true CO_CANCELED");
        CompletableFuture<String> timedOut = new CompletableFuture<>();
        Co.go(() -> timedOut.complete(outcome(s.acquire(Duration.ofMillis(20)))));
        assertThat(get(timedOut)).isEqualTo("false false CO_TIMEDOUT");
        assertThat(s.waiting()).isZero();
        s.release();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void aKilledWaiterRaisesKilledException() throws Exception {
        Semaphore s = new Semaphore("s", 0);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                s.acquire();
                thrown.complete(null);
            } catch (KilledException e) {
                thrown.complete(e);
            }
        });
        awaitSuspendedIn(c, "semaphore.acquire s");
        c.kill();
        assertThat(get(thrown)).isInstanceOf(KilledException.class);
        awaitDone(c);
        s.release();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void noMoreThanThePermitsAreInsideAtOnce() throws Exception {
        Semaphore s = new Semaphore("s", 3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Coroutine> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(Co.go(() -> {
                for (int j = 0; j < 100; j++) {
                    s.acquire();
                    try {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                    } finally {
                        s.release();
                    }
                }
            }));
        }
        assertThat(Co.join(all, SyncTesting.WAIT)).isTrue();
        assertThat(most.get()).isBetween(1, 3);
        assertThat(s.availablePermits()).isEqualTo(3);
    }

    @Test
    void negativePermitsAreRejected() {
        assertThatThrownBy(() -> new Semaphore("s", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
