package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspended;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static dev.weft.coroutine.CoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Co.suspend / Co.resume and Co.sleep basics. */
class SuspendResumeTest {

    @Test
    void aSuspendedCoroutineRunsAgainWhenResumed() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.suspend())));
        awaitSuspendedIn(c, "suspend");
        assertThat(Co.resume(c.id())).isTrue();
        assertThat(Co.lastError()).isEqualTo(CoError.NONE);
        assertThat(get(seen)).isEqualTo("true false NONE");
    }

    @Test
    void resumingACoroutineThatDidNotSuspendItselfFailsWithWrongOperation() throws Exception {
        Coroutine c = Co.go(() -> Co.sleep(LONG));
        awaitSuspendedIn(c, "sleep");
        assertThat(Co.resume(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.WRONG_OPERATION);
        assertThat(c.state()).isEqualTo(Coroutine.State.SUSPENDED);
        c.kill();
        awaitDone(c);
    }

    @Test
    void resumingAnUnknownOrFinishedCoroutineFailsWithNotExists() {
        Coroutine c = Co.go(() -> {});
        awaitDone(c);
        assertThat(Co.resume(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_NOT_EXISTS);
        assertThat(Co.resume(-5)).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_NOT_EXISTS);
    }

    @Test
    void resumingTwiceSucceedsOnlyOnce() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        Coroutine c = Co.go(() -> {
            seen.complete(outcome(Co.suspend()));
            KillTest.awaitQuietly(hold);
        });
        awaitSuspended(c);
        assertThat(Co.resume(c.id())).isTrue();
        assertThat(Co.resume(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.WRONG_OPERATION);
        assertThat(get(seen)).isEqualTo("true false NONE");
        hold.countDown();
    }

    @Test
    void suspendOutsideACoroutineFailsWithWrongOperation() {
        assertThat(Co.suspend()).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.WRONG_OPERATION);
    }

    @Test
    void sleepReturnsTrueAfterTheDurationHasPassed() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        CompletableFuture<Long> took = new CompletableFuture<>();
        Co.go(() -> {
            long t0 = System.nanoTime();
            String r = outcome(Co.sleep(Duration.ofMillis(30)));
            took.complete((System.nanoTime() - t0) / 1_000_000);
            seen.complete(r);
        });
        assertThat(get(seen)).isEqualTo("true false NONE");
        assertThat(get(took)).isGreaterThanOrEqualTo(30L);
    }

    @Test
    void aNegativeSleepFailsWithInvalidParams() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.sleep(Duration.ofMillis(-1)))));
        assertThat(get(seen)).isEqualTo("false false INVALID_PARAMS");
    }

    @Test
    void aSleepWithoutDurationLastsUntilCancelled() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.sleep(null))));
        awaitSuspendedIn(c, "sleep");
        assertThat(seen).isNotDone();
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED");
    }

    @Test
    void anInterruptCancelsASleepAndStaysSet() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            thread.complete(Thread.currentThread());
            String r = outcome(Co.sleep(LONG));
            seen.complete(r + " interrupted=" + Thread.currentThread().isInterrupted());
        });
        awaitSuspended(c);
        get(thread).interrupt();
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED interrupted=true");
    }
}
