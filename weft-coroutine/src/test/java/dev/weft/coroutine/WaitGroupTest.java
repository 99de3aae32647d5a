package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static dev.weft.coroutine.CoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** WaitGroup: webman-coroutine's WaitGroup cases and Go's rules. */
class WaitGroupTest {

    @Test
    void aNewGroupCountsZeroAndAwaitReturnsAtOnce() {
        WaitGroup wg = new WaitGroup();
        assertThat(wg.count()).isZero();
        assertThat(wg.await(Duration.ZERO)).isTrue();
    }

    @Test
    void addAndDoneMoveTheCount() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        assertThat(wg.count()).isEqualTo(1);
        wg.add(2);
        assertThat(wg.count()).isEqualTo(3);
        wg.done();
        assertThat(wg.count()).isEqualTo(2);
        wg.add(-2);
        assertThat(wg.count()).isZero();
        assertThat(wg.await(LONG)).isTrue();
    }

    @Test
    void awaitReturnsWhenEveryTaskIsDone() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            wg.add(1);
            Co.go(() -> {
                Co.sleep(Duration.ofMillis(5));
                finished.incrementAndGet();
                wg.done();
            });
        }
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(wg.await(LONG)) + " " + finished.get()));
        assertThat(get(seen)).isEqualTo("true false NONE 5");
        assertThat(wg.count()).isZero();
    }

    @Test
    void awaitTimesOutAndTheCountStays() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(wg.await(Duration.ofMillis(10)))));
        assertThat(get(seen)).isEqualTo("false false CO_TIMEDOUT");
        assertThat(wg.count()).isEqualTo(1);
        assertThat(wg.await(Duration.ZERO)).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_TIMEDOUT);
        // the timed-out waiter is gone: adding is allowed again
        wg.add(1);
        assertThat(wg.count()).isEqualTo(2);
    }

    @Test
    void aNegativeCountIsRefused() {
        WaitGroup wg = new WaitGroup();
        assertThatThrownBy(wg::done).isInstanceOf(IllegalStateException.class);
        wg.add(1);
        assertThatThrownBy(() -> wg.add(-2)).isInstanceOf(IllegalStateException.class);
        assertThat(wg.count()).isEqualTo(1);
    }

    @Test
    void addingWhileSomeoneAwaitsIsRefusedButDoneIsAllowed() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine w = Co.go(() -> seen.complete(outcome(wg.await(LONG))));
        awaitSuspendedIn(w, "waitGroup.wait");
        assertThatThrownBy(() -> wg.add(1)).isInstanceOf(IllegalStateException.class);
        assertThat(wg.count()).isEqualTo(1);
        wg.done();
        assertThat(get(seen)).isEqualTo("true false NONE");
    }

    @Test
    void everyWaiterIsReleasedAtZero() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<Boolean> a = new CompletableFuture<>();
        CompletableFuture<Boolean> b = new CompletableFuture<>();
        Coroutine ca = Co.go(() -> a.complete(wg.await(LONG)));
        Coroutine cb = Co.go(() -> b.complete(wg.await(LONG)));
        awaitSuspendedIn(ca, "waitGroup.wait");
        awaitSuspendedIn(cb, "waitGroup.wait");
        wg.done();
        assertThat(get(a)).isTrue();
        assertThat(get(b)).isTrue();
    }

    @Test
    void aCancelledAwaitFailsWithCanceledAndLeavesTheGroup() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine w = Co.go(() -> seen.complete(outcome(wg.await(LONG))));
        awaitSuspendedIn(w, "waitGroup.wait");
        assertThat(Co.cancel(w.id())).isTrue();
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED");
        CoTesting.awaitDone(w);
        wg.add(1);
        assertThat(wg.count()).isEqualTo(2);
    }
}
