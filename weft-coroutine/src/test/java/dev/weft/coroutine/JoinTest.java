package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static dev.weft.coroutine.CoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Swoole's tests/swoole_coroutine/join/ scenarios, with Weft's deviation for finished coroutines. */
class JoinTest {

    // join/1.phpt: results of the joined coroutines are visible after join

    @Test
    void joinReturnsTrueOnceEveryCoroutineHasFinishedAndTheirResultsAreVisible() throws Exception {
        ConcurrentHashMap<String, String> result = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<String> joined = new CompletableFuture<>();
        Co.go(() -> {
            List<Coroutine> list = List.of(
                    Co.go(() -> {
                        KillTest.awaitQuietly(go);
                        result.put("baidu", "<html>baidu.com</html>");
                    }),
                    Co.go(() -> {
                        Co.sleep(Duration.ofMillis(5));
                        result.put("taobao", "<html>taobao.com</html>");
                    }));
            go.countDown();
            joined.complete(outcome(Co.join(list, null)));
        });
        assertThat(get(joined)).isEqualTo("true false NONE");
        assertThat(result)
                .containsEntry("baidu", "<html>baidu.com</html>")
                .containsEntry("taobao", "<html>taobao.com</html>");
    }

    // join/2.phpt: N sleepers are joined in about one sleep, not N

    @Test
    void joiningTenSleepersTakesAboutOneSleep() throws Exception {
        AtomicInteger result = new AtomicInteger();
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        Co.go(() -> {
            long start = System.nanoTime();
            List<Coroutine> list = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                list.add(Co.go(() -> {
                    Co.sleep(Duration.ofMillis(300));
                    result.incrementAndGet();
                }));
            }
            assertThat(Co.join(list, null)).isTrue();
            elapsed.complete((System.nanoTime() - start) / 1_000_000);
        });
        assertThat(get(elapsed)).isBetween(290L, 2_000L);
        assertThat(result).hasValue(10);
    }

    // join/3.phpt

    @Test
    void joiningAnEmptyListFailsWithInvalidParams() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.join(List.of(), LONG))));
        assertThat(get(seen)).isEqualTo("false false INVALID_PARAMS");
    }

    @Test
    void joiningYourselfFailsWithWrongOperation() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.join(List.of(Co.current()), LONG))));
        assertThat(get(seen)).isEqualTo("false false WRONG_OPERATION");
    }

    @Test
    void joinTimesOutWithTimedOutAndTheTargetKeepsRunning() throws Exception {
        Coroutine target = Co.go(() -> Co.sleep(Duration.ofMillis(500)));
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.join(List.of(target), Duration.ofMillis(10)))));
        assertThat(get(seen)).isEqualTo("false false CO_TIMEDOUT");
        assertThat(target.isDone()).isFalse();
        // the timed-out joiner let go: another join succeeds
        assertThat(Co.join(List.of(target), Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aCancelledJoinFailsWithCanceledAndTheTargetKeepsRunning() throws Exception {
        Coroutine target = Co.go(() -> Co.sleep(LONG));
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine joiner = Co.go(() -> seen.complete(outcome(Co.join(List.of(target), null))));
        awaitSuspendedIn(joiner, "join");
        Co.go(() -> Co.cancel(joiner.id()));
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED");
        assertThat(target.isDone()).isFalse();
        assertThat(target.state()).isEqualTo(Coroutine.State.SUSPENDED);
        target.kill();
        awaitDone(target);
    }

    // join/4.phpt: the target cancels its joiner as its last act, then ends

    @Test
    void aJoinCancelledByTheTargetsLastActFailsWithCanceledAndTheTargetEnds() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        CompletableFuture<Coroutine> joinerRef = new CompletableFuture<>();
        Coroutine joiner = Co.go(() -> {
            Coroutine me = Co.current();
            Coroutine target = Co.go(() -> {
                Co.sleep(Duration.ofMillis(20));
                Co.cancel(me.id());
            });
            joinerRef.complete(target);
            boolean r = Co.join(List.of(target), null);
            String s = outcome(r);
            awaitDone(target);
            seen.complete(s + " exists=" + (Co.get(target.id()) != null));
        });
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED exists=false");
        awaitDone(joiner);
    }

    // join/5.phpt: a second concurrent joiner is refused

    @Test
    void aSecondConcurrentJoinerFailsWithWrongOperationAndTheFirstSucceeds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Coroutine target = Co.go(() -> KillTest.awaitQuietly(release));
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        Coroutine firstJoiner = Co.go(() -> first.complete(outcome(Co.join(List.of(target), null))));
        awaitSuspendedIn(firstJoiner, "join");
        Co.go(() -> second.complete(outcome(Co.join(List.of(target), null))));
        assertThat(get(second)).isEqualTo("false false WRONG_OPERATION");
        release.countDown();
        assertThat(get(first)).isEqualTo("true false NONE");
    }

    // join/6.phpt: Swoole skips an id it does not know; in Weft that is a finished coroutine

    @Test
    void aFinishedCoroutineInTheListCountsAsJoined() throws Exception {
        Coroutine finished = Co.go(() -> {});
        awaitDone(finished);
        Coroutine sleeper = Co.go(() -> Co.sleep(Duration.ofMillis(50)));
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(
                outcome(Co.join(List.of(sleeper, finished), null)) + " exists=" + (Co.get(sleeper.id()) != null)));
        assertThat(get(seen)).isEqualTo("true false NONE exists=false");
    }

    // join/7.phpt: the joiner is cancelled while the target still runs

    @Test
    void aJoinerCancelledBeforeTheTargetEndsFailsAndTheTargetStillExists() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Coroutine target = Co.go(() -> KillTest.awaitQuietly(release));
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine joiner = Co.go(() ->
                seen.complete(outcome(Co.join(List.of(target), null)) + " exists=" + (Co.get(target.id()) != null)));
        awaitSuspendedIn(joiner, "join");
        assertThat(Co.cancel(joiner.id())).isTrue();
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED exists=true");
        release.countDown();
        awaitDone(target);
    }

    // join/8.phpt, deliberate deviation: all finished is a success (Swoole: INVALID_PARAMS)

    @Test
    void joiningOnlyFinishedCoroutinesSucceedsAtOnce() throws Exception {
        Coroutine a = Co.go(() -> {});
        Coroutine b = Co.go(() -> {});
        awaitDone(a);
        awaitDone(b);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.join(List.of(a, b), Duration.ZERO))));
        assertThat(get(seen)).isEqualTo("true false NONE");
    }

    // join/duplicate_cleanup.phpt

    @Test
    void aCoroutineListedTwiceFailsWithWrongOperationAndLeavesNoJoinerBehind() throws Exception {
        Coroutine target = Co.go(() -> Co.sleep(Duration.ofMillis(10)));
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> {
            String dup = outcome(Co.join(List.of(target, target), Duration.ofMillis(1)));
            String again = outcome(Co.join(List.of(target), Duration.ofSeconds(1)));
            seen.complete(dup + " / " + again);
        });
        assertThat(get(seen)).isEqualTo("false false WRONG_OPERATION / true false NONE");
    }

    @Test
    void aPlainThreadCanJoinCoroutines() {
        Coroutine target = Co.go(() -> Co.sleep(Duration.ofMillis(5)));
        assertThat(Co.join(List.of(target), Duration.ofSeconds(5))).isTrue();
        assertThat(Co.lastError()).isEqualTo(CoError.NONE);
        assertThat(target.isDone()).isTrue();
    }

    @Test
    void aKilledJoinerRaisesKilledExceptionAndReleasesItsTargets() throws Exception {
        Coroutine target = Co.go(() -> Co.sleep(LONG));
        CompletableFuture<Throwable> caught = new CompletableFuture<>();
        Coroutine joiner = Co.go(() -> {
            try {
                Co.join(List.of(target), null);
            } catch (KilledException e) {
                caught.complete(e);
            }
        });
        awaitSuspendedIn(joiner, "join");
        joiner.kill();
        assertThat(get(caught)).isInstanceOf(KilledException.class);
        awaitDone(joiner);
        // the killed joiner let go of its target: a new joiner is accepted (and times out)
        assertThat(Co.join(List.of(target), Duration.ofMillis(1))).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_TIMEDOUT);
        target.kill();
        awaitDone(target);
        assertThat(Co.join(List.of(target), Duration.ZERO)).isTrue();
    }
}
