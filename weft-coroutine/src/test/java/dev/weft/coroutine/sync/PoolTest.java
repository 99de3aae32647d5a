package dev.weft.coroutine.sync;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract of {@link Pool}: lazy creation up to its size, reuse, a listed cancellable wait, close. */
class PoolTest {
    private final AtomicInteger made = new AtomicInteger();
    private final List<String> closed = new CopyOnWriteArrayList<>();

    private Pool<String> pool(int size) {
        return new Pool<>("db", size, () -> "conn-" + made.incrementAndGet(), closed::add);
    }

    @Test
    void objectsAreCreatedLazilyUpToTheSizeAndReused() {
        Pool<String> p = pool(2);
        String a = p.borrow();
        String b = p.borrow();
        assertThat(List.of(a, b)).containsExactly("conn-1", "conn-2");
        p.release(a);
        assertThat(p.borrow()).isEqualTo("conn-1");
        assertThat(p.created()).isEqualTo(2);
    }

    @Test
    void anExhaustedPoolWaitsListedAndAReleaseHandsTheObjectOver() throws Exception {
        Pool<String> p = pool(1);
        String a = p.borrow();
        CompletableFuture<String> got = new CompletableFuture<>();
        Coroutine c = Co.go(() -> got.complete(outcome(p.borrow())));
        awaitSuspendedIn(c, "pool.borrow db");
        assertThat(p.waiting()).isEqualTo(1);
        p.release(a);
        assertThat(get(got)).isEqualTo("conn-1 false NONE");
        assertThat(made.get()).isEqualTo(1);
    }

    @Test
    void aCancelledTimedOutOrKilledBorrowTakesNothing() throws Exception {
        Pool<String> p = pool(1);
        String a = p.borrow();
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        Coroutine c = Co.go(() -> cancelled.complete(outcome(p.borrow())));
        awaitSuspendedIn(c, "pool.borrow db");
        Co.cancel(c.id());
        assertThat(get(cancelled)).isEqualTo("null true CO_CANCELED");
        CompletableFuture<String> timedOut = new CompletableFuture<>();
        Co.go(() -> timedOut.complete(outcome(p.borrow(Duration.ofMillis(20)))));
        assertThat(get(timedOut)).isEqualTo("null false CO_TIMEDOUT");
        CompletableFuture<Throwable> killed = new CompletableFuture<>();
        Coroutine k = Co.go(() -> {
            try {
                killed.complete(new AssertionError(p.borrow()));
            } catch (KilledException e) {
                killed.complete(e);
            }
        });
        awaitSuspendedIn(k, "pool.borrow db");
        k.kill();
        assertThat(get(killed)).isInstanceOf(KilledException.class);
        p.release(a);
        assertThat(p.available()).isEqualTo(1);
        assertThat(p.borrow(Duration.ZERO)).isEqualTo("conn-1");
    }

    @Test
    void aDiscardedObjectIsClosedAndItsSlotMakesANewOne() {
        Pool<String> p = pool(1);
        String a = p.borrow();
        p.discard(a);
        assertThat(closed).containsExactly("conn-1");
        assertThat(p.borrow()).isEqualTo("conn-2");
    }

    @Test
    void aFailingFactoryFreesTheSlot() {
        AtomicInteger calls = new AtomicInteger();
        Pool<String> p = new Pool<>(
                "db",
                1,
                () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new java.io.IOException("refused");
                    }
                    return "ok";
                },
                null);
        assertThatThrownBy(p::borrow).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(p.available()).isEqualTo(1);
        assertThat(p.borrow(Duration.ZERO)).isEqualTo("ok");
    }

    @Test
    void closeClosesIdleObjectsAndFailsWaitersAndLaterBorrowers() throws Exception {
        Pool<String> p = pool(2);
        String a = p.borrow();
        String b = p.borrow();
        p.release(b);
        CompletableFuture<Throwable> waiter = new CompletableFuture<>();
        Pool<String> one = pool(1);
        String held = one.borrow();
        Coroutine c = Co.go(() -> {
            try {
                waiter.complete(new AssertionError(one.borrow()));
            } catch (IllegalStateException e) {
                waiter.complete(e);
            }
        });
        awaitSuspendedIn(c, "pool.borrow db");
        one.close();
        assertThat(get(waiter)).isInstanceOf(IllegalStateException.class);
        one.release(held);
        p.close();
        assertThat(closed).containsExactlyInAnyOrder("conn-2", "conn-3");
        p.release(a);
        assertThat(closed).contains("conn-1");
        assertThatThrownBy(p::borrow).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyBorrowersNeverShareAnObject() throws Exception {
        Pool<String> p = pool(4);
        ConcurrentHashMap<String, Boolean> out = new ConcurrentHashMap<>();
        AtomicInteger clashes = new AtomicInteger();
        List<Coroutine> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(Co.go(() -> {
                for (int j = 0; j < 100; j++) {
                    String o = p.borrow();
                    if (out.putIfAbsent(o, true) != null) {
                        clashes.incrementAndGet();
                    }
                    Thread.yield();
                    out.remove(o);
                    p.release(o);
                }
            }));
        }
        assertThat(Co.join(all, SyncTesting.WAIT)).isTrue();
        assertThat(clashes.get()).isZero();
        assertThat(p.created()).isLessThanOrEqualTo(4);
        assertThat(p.available()).isEqualTo(4);
    }
}
