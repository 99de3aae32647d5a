package dev.weft.coroutine.sync;

import static dev.weft.coroutine.sync.SyncTesting.awaitDone;
import static dev.weft.coroutine.sync.SyncTesting.awaitSuspendedIn;
import static dev.weft.coroutine.sync.SyncTesting.get;
import static dev.weft.coroutine.sync.SyncTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KilledException;
import dev.weft.coroutine.Suspension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The contract of {@link Mutex}: exclusion, a listed cancellable wait, timeouts, kill, no reentrancy. */
class MutexTest {

    @Test
    void anUncontendedLockSucceedsAtOnce() {
        Mutex m = new Mutex("m");
        assertThat(m.lock()).isTrue();
        assertThat(Co.lastError()).isEqualTo(CoError.NONE);
        assertThat(m.isLocked()).isTrue();
        assertThat(m.isHeldByCurrent()).isTrue();
        m.unlock();
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void aBlockedLockIsAListedSuspensionAndGetsTheLockOnUnlock() throws Exception {
        Mutex m = new Mutex("db");
        m.lock();
        CompletableFuture<String> got = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            boolean ok = m.lock();
            got.complete(outcome(ok) + " " + m.isHeldByCurrent());
            m.unlock();
        });
        awaitSuspendedIn(c, "mutex.lock db");
        assertThat(Co.suspensions()).extracting(Suspension::event).contains("mutex.lock db");
        assertThat(m.waiting()).isEqualTo(1);
        m.unlock();
        assertThat(get(got)).isEqualTo("true false NONE true");
        awaitDone(c);
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void aCancelledLockReturnsFalseWithCanceledAndDoesNotTakeTheLock() throws Exception {
        Mutex m = new Mutex("m");
        m.lock();
        CompletableFuture<String> got = new CompletableFuture<>();
        Coroutine c = Co.go(() -> got.complete(outcome(m.lock()) + " " + m.isHeldByCurrent()));
        awaitSuspendedIn(c, "mutex.lock m");
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(get(got)).isEqualTo("false true CO_CANCELED false");
        assertThat(m.waiting()).isZero();
        m.unlock();
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void aLockTimesOutWithTimedout() throws Exception {
        Mutex m = new Mutex("m");
        m.lock();
        CompletableFuture<String> got = new CompletableFuture<>();
        Co.go(() -> got.complete(outcome(m.lock(Duration.ofMillis(20)))));
        assertThat(get(got)).isEqualTo("false false CO_TIMEDOUT");
        CompletableFuture<String> tried = new CompletableFuture<>();
        Co.go(() -> tried.complete(outcome(m.tryLock())));
        assertThat(get(tried)).isEqualTo("false false CO_TIMEDOUT");
        m.unlock();
    }

    @Test
    void aKilledWaiterRaisesKilledExceptionAndNeverHoldsTheLock() throws Exception {
        Mutex m = new Mutex("m");
        m.lock();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                m.lock();
                thrown.complete(null);
            } catch (KilledException e) {
                thrown.complete(e);
                throw e;
            }
        });
        awaitSuspendedIn(c, "mutex.lock m");
        assertThat(c.kill()).isTrue();
        assertThat(get(thrown)).isInstanceOf(KilledException.class);
        m.unlock();
        assertThat(m.isLocked()).isFalse();
        assertThat(m.waiting()).isZero();
    }

    @Test
    void aPendingKillIsDeliveredByLockEvenWhenTheLockIsFree() throws Exception {
        Mutex m = new Mutex("m");
        AtomicBoolean go = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            running.countDown();
            while (!go.get()) {
                Thread.yield(); // running, yet fair to the other coroutines of its event loop
            }
            try {
                m.lock();
                thrown.complete(null);
            } catch (KilledException e) {
                thrown.complete(e);
            }
        });
        running.await();
        assertThat(c.kill()).isTrue();
        go.set(true);
        assertThat(get(thrown)).isInstanceOf(KilledException.class);
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void relockingByTheHolderFailsLoudly() {
        Mutex m = new Mutex("m");
        m.lock();
        assertThatThrownBy(m::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("not reentrant");
        m.unlock();
    }

    @Test
    void unlockingByANonHolderFails() throws Exception {
        Mutex m = new Mutex("m");
        assertThatThrownBy(m::unlock).isInstanceOf(IllegalStateException.class);
        m.lock();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Co.go(() -> {
            try {
                m.unlock();
                thrown.complete(null);
            } catch (IllegalStateException e) {
                thrown.complete(e);
            }
        });
        assertThat(get(thrown)).isInstanceOf(IllegalStateException.class);
        assertThat(m.isLocked()).isTrue();
        m.unlock();
    }

    @Test
    void manyCoroutinesNeverOverlapInside() throws Exception {
        Mutex m = new Mutex("m");
        int[] counter = new int[1];
        List<Coroutine> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(Co.go(() -> {
                for (int j = 0; j < 500; j++) {
                    m.lock();
                    try {
                        int v = counter[0];
                        if (j % 50 == 0) {
                            Thread.yield();
                        }
                        counter[0] = v + 1;
                    } finally {
                        m.unlock();
                    }
                }
            }));
        }
        assertThat(Co.join(all, SyncTesting.WAIT)).isTrue();
        assertThat(counter[0]).isEqualTo(50 * 500);
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void cancelsAndKillsAmidContentionLeaveTheMutexFree() throws Exception {
        Mutex m = new Mutex("m");
        List<Coroutine> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(Co.go(() -> {
                for (int j = 0; j < 200; j++) {
                    if (m.lock(Duration.ofMillis(50))) {
                        try {
                            Thread.yield();
                        } finally {
                            m.unlock();
                        }
                    }
                }
            }));
        }
        for (int round = 0; round < 200; round++) {
            Coroutine victim = all.get(round % all.size());
            if (round % 3 == 0) {
                victim.kill();
            } else {
                Co.cancel(victim.id());
            }
            Thread.yield();
        }
        assertThat(Co.join(all, SyncTesting.WAIT)).isTrue();
        assertThat(m.isLocked()).isFalse();
        assertThat(m.waiting()).isZero();
        assertThat(m.tryLock()).isTrue();
        m.unlock();
    }
}
