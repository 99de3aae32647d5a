package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspended;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** When and how KilledException reaches a coroutine. */
class KillTest {

    @Test
    void aKillReachesASuspendedCoroutineAtOnce() throws Exception {
        CompletableFuture<Throwable> caught = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Co.sleep(LONG);
                caught.complete(null);
            } catch (KilledException e) {
                caught.complete(e);
            }
        });
        awaitSuspended(c);
        long before = Co.stats().killed();
        assertThat(c.kill()).isTrue();
        assertThat(Co.lastError()).isEqualTo(CoError.NONE);
        assertThat(get(caught)).isInstanceOf(KilledException.class).hasMessage("coroutine killed");
        awaitDone(c);
        assertThat(Co.stats().killed() - before).isEqualTo(1);
    }

    @Test
    void aKillCarriesTheGivenException() throws Exception {
        CompletableFuture<Throwable> caught = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Co.suspend();
            } catch (KilledException e) {
                caught.complete(e);
            }
        });
        awaitSuspended(c);
        KilledException why = new KilledException("worker stopping");
        assertThat(c.kill(why)).isTrue();
        assertThat(get(caught)).isSameAs(why);
    }

    @Test
    void aKillThroughTheSuspensionReachesTheCoroutine() throws Exception {
        CompletableFuture<Throwable> caught = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                new Channel<String>(0).pop();
            } catch (KilledException e) {
                caught.complete(e);
            }
        });
        awaitSuspendedIn(c, "channel.pop");
        Suspension s = c.suspension();
        assertThat(s.kill()).isTrue();
        assertThat(get(caught)).isInstanceOf(KilledException.class);
        awaitDone(c);
        assertThat(s.kill()).isFalse();
    }

    @Test
    void aSecondKillWhileOneIsPendingFailsWithKillPending() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Throwable> caught = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            running.countDown();
            awaitQuietly(release);
            try {
                Co.sleep(Duration.ZERO);
                caught.complete(null);
            } catch (KilledException e) {
                caught.complete(e);
            }
        });
        running.await();
        assertThat(Co.kill(c.id())).isTrue();
        assertThat(c.isKillPending()).isTrue();
        assertThat(Co.kill(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_KILL_PENDING);
        release.countDown();
        assertThat(get(caught)).isInstanceOf(KilledException.class);
        awaitDone(c);
        assertThat(Co.kill(c.id())).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_NOT_EXISTS);
        assertThat(c.kill()).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_NOT_EXISTS);
    }

    @Test
    void aRunningCoroutineIsKilledWhenItNextEntersAnOperation() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        Coroutine c = Co.go(() -> {
            running.countDown();
            awaitQuietly(release);
            trace.add("still running after kill");
            try {
                Co.sleep(LONG);
                trace.add("slept");
            } catch (KilledException e) {
                trace.add("killed entering sleep");
            }
        });
        running.await();
        assertThat(c.kill()).isTrue();
        release.countDown();
        awaitDone(c);
        assertThat(trace).containsExactly("still running after kill", "killed entering sleep");
    }

    @Test
    void aKillOfACoroutineNotStartedYetStopsItBeforeItsFirstOperation() throws Exception {
        // the first Weft operation (or the start itself) delivers the kill; the body never blocks
        CompletableFuture<String> seen = new CompletableFuture<>();
        CountDownLatch gate = new CountDownLatch(1);
        Coroutine c = Co.go(() -> {
            awaitQuietly(gate);
            try {
                Co.sleep(LONG);
                seen.complete("slept");
            } catch (KilledException e) {
                seen.complete("killed");
            }
        });
        assertThat(c.kill()).isTrue();
        gate.countDown();
        awaitDone(c);
        assertThat(seen.getNow("never reached the sleep")).isIn("killed", "never reached the sleep");
    }

    @Test
    void anUncancellableOperationDeliversTheKillWhenItReturns() throws Exception {
        CompletableFuture<Suspension> op = new CompletableFuture<>();
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Suspension s = Suspension.begin("file.lock", false);
                op.complete(s);
                try {
                    trace.add("await " + s.await(LONG));
                } finally {
                    trace.add("ending");
                    s.end();
                    trace.add("not reached");
                }
            } catch (KilledException e) {
                trace.add("killed");
            } finally {
                finished.complete(null);
            }
        });
        Suspension s = get(op);
        assertThat(c.kill()).isTrue();
        assertThat(c.state()).isEqualTo(Coroutine.State.SUSPENDED); // listed as a wait, but:
        assertThat(c.suspension().isCancellable()).isFalse();
        assertThat(s.outcome()).isEqualTo(Suspension.Outcome.PENDING);
        assertThat(s.wake()).isTrue();
        get(finished);
        assertThat(trace).containsExactly("await WOKEN", "ending", "killed");
    }

    @Test
    void anUncancellableRegionDeliversTheKillWhenTheRegionEnds() throws Exception {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Co.uncancellable(() -> {
                    trace.add("suspend " + Co.suspend());
                    trace.add("sleep " + Co.sleep(Duration.ofMillis(1)));
                    trace.add("region body done");
                });
                trace.add("after region: not reached");
            } catch (KilledException e) {
                trace.add("killed at region end");
            } finally {
                finished.complete(null);
            }
        });
        CoTesting.awaitWaitingIn(c, "suspend");
        assertThat(c.state()).isEqualTo(Coroutine.State.SUSPENDED); // listed as a wait, but:
        assertThat(c.suspension().isCancellable()).isFalse();
        assertThat(c.kill()).isTrue();
        assertThat(c.isKillPending()).isTrue();
        assertThat(Co.resume(c.id())).isTrue();
        get(finished);
        assertThat(trace).containsExactly("suspend true", "sleep true", "region body done", "killed at region end");
    }

    @Test
    void nestedUncancellableRegionsDeliverTheKillWhenTheOutermostEnds() throws Exception {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inner = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Co.uncancellable(() -> {
                    Co.uncancellable(() -> {
                        inner.countDown();
                        awaitQuietly(release);
                    });
                    trace.add("inner region ended");
                    Co.sleep(Duration.ZERO);
                    trace.add("outer region body done");
                });
            } catch (KilledException e) {
                trace.add("killed");
            } finally {
                finished.complete(null);
            }
        });
        inner.await();
        assertThat(c.kill()).isTrue();
        release.countDown();
        get(finished);
        assertThat(trace).containsExactly("inner region ended", "outer region body done", "killed");
    }

    @Test
    void aKilledCoroutineIsNotLoggedAsFailedAndLeavesTheRegistry() {
        Coroutine c = Co.go(() -> Co.sleep(LONG));
        awaitSuspended(c);
        assertThat(Co.list()).contains(c);
        c.kill();
        awaitDone(c);
        assertThat(Co.list()).doesNotContain(c);
        assertThat(Co.get(c.id())).isNull();
        assertThat(c.state()).isEqualTo(Coroutine.State.DONE);
    }

    @Test
    void aKillFromAPlainThreadReachesTheCoroutine() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        Coroutine c = Co.go(() -> {
            try {
                Co.sleep(LONG);
            } catch (KilledException e) {
                killed.set(true);
            }
        });
        awaitSuspended(c);
        Thread t = Thread.ofPlatform().start(() -> Co.kill(c.id()));
        t.join();
        awaitDone(c);
        assertThat(killed).isTrue();
    }

    /**
     * Waits for {@code l} in a CPU loop: the coroutine keeps running code that reaches neither a
     * Weft operation nor an interruptible JDK call, so a kill stays pending meanwhile.
     */
    static void awaitQuietly(CountDownLatch l) {
        while (l.getCount() > 0) {
            Thread.yield(); // not a kill point, and lets the other coroutines of its event loop run
        }
    }
}
