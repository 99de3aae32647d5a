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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Swoole's tests/swoole_coroutine/cancel/ scenarios of this layer, and the rules of Co.cancel. */
class CancelTest {

    // cancel/error.phpt

    @Test
    void cancellingYourselfFailsWithCannotCancel() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.cancel(Co.id()))));
        assertThat(get(seen)).isEqualTo("false false CO_CANNOT_CANCEL");
    }

    @Test
    void cancellingAnUnknownIdFailsWithNotExists() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.cancel(Long.MAX_VALUE - 7))));
        assertThat(get(seen)).isEqualTo("false false CO_NOT_EXISTS");
    }

    @Test
    void cancellingAFinishedCoroutineFailsWithNotExists() {
        Coroutine c = Co.go(() -> {});
        awaitDone(c);
        assertThat(Co.cancel(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_NOT_EXISTS);
    }

    @Test
    void cancellingARunningCoroutineFailsWithCannotCancel() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Coroutine c = Co.go(() -> {
            running.countDown();
            while (!stop.get()) {
                Thread.yield(); // running, yet fair to the other coroutines of its event loop
            }
        });
        running.await();
        assertThat(c.state()).isEqualTo(Coroutine.State.RUNNING);
        assertThat(Co.cancel(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_CANNOT_CANCEL);
        stop.set(true);
        awaitDone(c);
    }

    @Test
    void cancellingACoroutineInAnUncancellableRegionFailsAndItsOperationGoesOn() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(Co.uncancellable(() -> outcome(Co.suspend()))));
        CoTesting.awaitWaitingIn(c, "suspend");
        // a listed wait, made uncancellable by the region
        assertThat(c.state()).isEqualTo(Coroutine.State.SUSPENDED); // listed as a wait, but:
        assertThat(c.suspension().isCancellable()).isFalse();
        assertThat(Co.cancel(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_CANNOT_CANCEL);
        assertThat(Co.resume(c.id())).isTrue();
        assertThat(get(seen)).isEqualTo("true false NONE");
    }

    @Test
    void cancellingAnUncancellableOperationFailsAndTheOperationGoesOn() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        CompletableFuture<Suspension> op = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            Suspension s = Suspension.begin("file.lock", false);
            op.complete(s);
            try {
                s.await(LONG);
            } finally {
                s.end();
            }
            seen.complete(outcome(s.outcome()));
        });
        Suspension s = get(op);
        assertThat(c.state()).isEqualTo(Coroutine.State.SUSPENDED); // listed as a wait, but:
        assertThat(c.suspension().isCancellable()).isFalse();
        assertThat(Co.cancel(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_CANNOT_CANCEL);
        assertThat(s.wake()).isTrue();
        assertThat(get(seen)).isEqualTo("WOKEN false NONE");
    }

    // cancel/sleep.phpt

    @Test
    void cancelledSleepReturnsFalseAndTheCoroutineGoesOnWithCanceledError() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        CompletableFuture<String> canceller = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.sleep(Duration.ofSeconds(10_000)))));
        awaitSuspendedIn(c, "sleep");
        Co.go(() -> canceller.complete(outcome(Co.cancel(c.id()))));
        // the canceller's own isCanceled stays false
        assertThat(get(canceller)).isEqualTo("true false NONE");
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED");
        awaitDone(c);
    }

    // cancel/suspend.phpt

    @Test
    void cancelledSuspendReturnsFalseWithCanceledError() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.suspend())));
        awaitSuspendedIn(c, "suspend");
        Co.go(() -> Co.cancel(c.id()));
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED");
    }

    // cancel/channel_pop.phpt

    @Test
    void cancelledChannelPopReturnsNullWithCanceledError() throws Exception {
        Channel<String> chan = new Channel<>(4);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(chan.pop(Duration.ofSeconds(100)))));
        awaitSuspendedIn(c, "channel.pop");
        Co.go(() -> Co.cancel(c.id()));
        assertThat(get(seen)).isEqualTo("null true CO_CANCELED");
        assertThat(chan.stats().consumersWaiting()).isZero();
    }

    // cancel/channel_push.phpt

    @Test
    void cancelledChannelPushReturnsFalseAndTheEarlierPushStays() throws Exception {
        Channel<String> chan = new Channel<>(1);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            first.complete(outcome(chan.push("hello world [1]", Duration.ofSeconds(100))));
            second.complete(outcome(chan.push("hello world [2]", Duration.ofSeconds(100))));
        });
        assertThat(get(first)).isEqualTo("true false NONE");
        awaitSuspendedIn(c, "channel.push");
        Co.go(() -> Co.cancel(c.id()));
        assertThat(get(second)).isEqualTo("false true CO_CANCELED");
        assertThat(chan.pop(Duration.ZERO)).isEqualTo("hello world [1]");
        assertThat(chan.pop(Duration.ZERO)).isNull();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_TIMEDOUT);
    }

    // cancel/throw_exception.phpt: Co::cancel($cid, true) is Weft's kill

    @Test
    void killingASleepingLoopRaisesKilledExceptionTheCoroutineCanCatch() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CompletableFuture<Throwable> caught = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                while (true) {
                    Co.sleep(Duration.ofMillis(1));
                    rounds.incrementAndGet();
                }
            } catch (KilledException e) {
                caught.complete(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(CoTesting.WAIT).until(() -> rounds.get() >= 3);
        assertThat(Co.kill(c.id())).isTrue();
        assertThat(get(caught)).isInstanceOf(KilledException.class);
        awaitDone(c);
        int after = rounds.get();
        assertThat(c.isDone()).isTrue();
        assertThat(rounds.get()).isEqualTo(after);
    }

    // cancel/kill.phpt

    @Test
    void killingASleepingLoopEndsTheCoroutineQuietlyAndTheKillerGoesOn() throws Exception {
        CompletableFuture<String> killer = new CompletableFuture<>();
        AtomicBoolean reachedEnd = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Coroutine c = Co.go(() -> {
            while (!stop.get()) {
                Co.sleep(Duration.ofMillis(1));
            }
            reachedEnd.set(true);
        });
        awaitSuspended(c);
        Co.go(() -> {
            boolean killed = Co.kill(c.id());
            Co.sleep(Duration.ofMillis(5));
            killer.complete(killed + " end");
        });
        assertThat(get(killer)).isEqualTo("true end");
        awaitDone(c);
        assertThat(reachedEnd).isFalse();
        assertThat(Co.list()).doesNotContain(c);
    }

    // cancelling from a thread that is not a coroutine

    @Test
    void aPlainThreadCanCancelAndGetsItsOwnLastError() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.sleep(LONG))));
        awaitSuspended(c);
        CompletableFuture<String> fromThread = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            boolean first = Co.cancel(c.id());
            String a = first + " " + Co.lastError();
            Co.cancel(-42);
            fromThread.complete(a + " / " + Co.lastError());
        });
        t.join();
        assertThat(get(fromThread)).isEqualTo("true NONE / CO_NOT_EXISTS");
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED");
        assertThat(Co.id()).isEqualTo(-1);
        assertThat(Co.current()).isNull();
    }

    @Test
    void aPlainThreadWaitingInAnOperationIsNotACoroutineAndCannotBeCancelledById() {
        // a blocking op outside a coroutine is not listed, and is -1's business only
        Channel<String> ch = new Channel<>(1);
        assertThat(ch.pop(Duration.ofMillis(1))).isNull();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_TIMEDOUT);
        assertThat(Co.isCanceled()).isFalse();
    }

    @Test
    void isCanceledIsResetWhenTheNextOperationStarts() throws Exception {
        CompletableFuture<String> afterCancel = new CompletableFuture<>();
        CompletableFuture<String> afterNext = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            afterCancel.complete(outcome(Co.sleep(LONG)));
            afterNext.complete(outcome(Co.sleep(Duration.ZERO)));
        });
        awaitSuspended(c);
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(get(afterCancel)).isEqualTo("false true CO_CANCELED");
        assertThat(get(afterNext)).isEqualTo("true false NONE");
    }

    @Test
    void aSecondCancelFailsOnceTheCoroutineRunsAgainAndOnlyOneCancelIsCounted() throws Exception {
        CountDownLatch resumed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Coroutine c = Co.go(() -> {
            Co.sleep(LONG);
            resumed.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitSuspended(c);
        long before = Co.stats().cancelled();
        assertThat(Co.cancel(c.id())).isTrue();
        resumed.await();
        assertThat(Co.cancel(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_CANNOT_CANCEL);
        release.countDown();
        awaitDone(c);
        assertThat(Co.stats().cancelled() - before).isEqualTo(1);
    }
}
