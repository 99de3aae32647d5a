package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Co.go, the registry (list, get, suspensions, stats) and Coroutine's observable state. */
class RegistryTest {

    @Test
    void aCoroutineIsRegisteredBeforeItsFirstInstruction() throws Exception {
        CompletableFuture<Boolean> listedInside = new CompletableFuture<>();
        CompletableFuture<Long> idInside = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            listedInside.complete(Co.list().contains(Co.current()) && Co.get(Co.id()) == Co.current());
            idInside.complete(Co.id());
        });
        assertThat(get(listedInside)).isTrue();
        assertThat(get(idInside)).isEqualTo(c.id());
    }

    @Test
    void aCoroutineIsListedFromGoUntilItFinishesAndGoneAtOnceAfterwards() {
        CountDownLatch release = new CountDownLatch(1);
        Coroutine c = Co.go(() -> KillTest.awaitQuietly(release));
        assertThat(Co.list()).contains(c);
        assertThat(Co.get(c.id())).isSameAs(c);
        release.countDown();
        awaitDone(c);
        assertThat(Co.list()).doesNotContain(c);
        assertThat(Co.get(c.id())).isNull();
    }

    @Test
    void outsideACoroutineCurrentIsNullAndIdIsMinusOne() {
        assertThat(Co.current()).isNull();
        assertThat(Co.id()).isEqualTo(-1);
    }

    @Test
    void goRejectsANullTask() {
        assertThatThrownBy(() -> Co.go(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aCoroutineKnowsItsNameParentAndStartTime() throws Exception {
        Instant before = Instant.now().minusMillis(50);
        CompletableFuture<Coroutine> child = new CompletableFuture<>();
        Coroutine parent = Co.go("parent", () -> child.complete(Co.go(() -> {})));
        Coroutine c = get(child);
        assertThat(parent.name()).isEqualTo("parent");
        assertThat(parent.parentId()).isEqualTo(-1);
        assertThat(c.parentId()).isEqualTo(parent.id());
        assertThat(c.name()).isEqualTo("co-" + c.id());
        assertThat(c.id()).isGreaterThan(parent.id());
        assertThat(parent.startTime()).isBetween(before, Instant.now().plusMillis(50));
    }

    @Test
    void theStateGoesRunningSuspendedRunningDone() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Coroutine c = Co.go(() -> {
            running.countDown();
            KillTest.awaitQuietly(release);
            Co.suspend();
        });
        running.await();
        assertThat(c.state()).isEqualTo(Coroutine.State.RUNNING);
        assertThat(c.suspension()).isNull();
        release.countDown();
        awaitSuspendedIn(c, "suspend");
        assertThat(c.state()).isEqualTo(Coroutine.State.SUSPENDED);
        assertThat(c.stackTrace()).isNotEmpty();
        Co.resume(c.id());
        awaitDone(c);
        assertThat(c.state()).isEqualTo(Coroutine.State.DONE);
        assertThat(c.isDone()).isTrue();
        assertThat(c.suspension()).isNull();
        assertThat(c.stackTrace()).isEmpty();
    }

    @Test
    void suspensionsAreKeyedPerOperation() throws Exception {
        Channel<String> step = new Channel<>(0);
        Coroutine c = Co.go(() -> {
            Co.sleep(LONG);
            Co.sleep(LONG);
        });
        awaitSuspendedIn(c, "sleep");
        Suspension first = c.suspension();
        assertThat(first.coroutineId()).isEqualTo(c.id());
        assertThat(Co.suspensions()).contains(first);
        Co.cancel(c.id());
        org.awaitility.Awaitility.await()
                .atMost(CoTesting.WAIT)
                .until(() -> c.suspension() != null && c.suspension() != first);
        Suspension second = c.suspension();
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.event()).isEqualTo("sleep");
        assertThat(Co.suspensions()).contains(second).doesNotContain(first);
        assertThat(first.outcome()).isEqualTo(Suspension.Outcome.CANCELLED);
        assertThat(second.startTime()).isAfterOrEqualTo(first.startTime());
        c.kill();
        awaitDone(c);
        assertThat(Co.suspensions()).doesNotContain(second);
        step.close();
    }

    @Test
    void statsCountLivePeakLastIdAndSuspended() {
        CountDownLatch release = new CountDownLatch(1);
        CoStats before = Co.stats();
        Coroutine a = Co.go(() -> Co.sleep(LONG));
        Coroutine b = Co.go(() -> KillTest.awaitQuietly(release));
        awaitSuspendedIn(a, "sleep");
        CoStats during = Co.stats();
        assertThat(during.lastId()).isGreaterThanOrEqualTo(b.id());
        assertThat(during.live()).isGreaterThanOrEqualTo(2);
        assertThat(during.peak()).isGreaterThanOrEqualTo(during.live());
        assertThat(during.suspended()).isGreaterThanOrEqualTo(1);
        assertThat(during.started() - before.started()).isGreaterThanOrEqualTo(2);
        long killed = during.killed();
        a.kill();
        release.countDown();
        awaitDone(a);
        awaitDone(b);
        CoStats after = Co.stats();
        assertThat(after.live()).isEqualTo(during.live() - 2);
        assertThat(after.killed()).isEqualTo(killed + 1);
        assertThat(after.peak()).isGreaterThanOrEqualTo(during.live());
    }

    @Test
    void aFailingCoroutineFinishesAndIsRemoved() {
        Coroutine c = Co.go(() -> {
            throw new IllegalStateException("expected by the test");
        });
        awaitDone(c);
        assertThat(Co.list()).doesNotContain(c);
    }

    @Test
    void systemCoroutinesAreMarked() {
        Coroutine s = Co.goSystem("acceptor", () -> {});
        assertThat(s.isSystem()).isTrue();
        assertThat(s.name()).isEqualTo("acceptor");
        assertThat(Co.go(() -> {}).isSystem()).isFalse();
        awaitDone(s);
    }

    @Test
    void theNameIsAlsoTheThreadName() throws Exception {
        CompletableFuture<String> name = new CompletableFuture<>();
        Co.go("worker-7", () -> name.complete(Thread.currentThread().getName()));
        assertThat(get(name)).isEqualTo("worker-7");
        assertThat(List.of(1)).hasSize(1);
    }

    @Test
    void aSuspensionAgesAndIsNotDoneWhileWaiting() {
        Coroutine c = Co.go(() -> Co.sleep(LONG));
        awaitSuspendedIn(c, "sleep");
        Suspension s = c.suspension();
        assertThat(s.outcome()).isEqualTo(Suspension.Outcome.PENDING);
        assertThat(s.isCancellable()).isTrue();
        assertThat(s.age()).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(s.toString()).contains("sleep").contains(String.valueOf(c.id()));
        assertThat(s.cancel()).isTrue();
        awaitDone(c);
        assertThat(s.cancel()).isFalse();
    }
}
