package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.WAIT;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static dev.weft.coroutine.CoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Co.offload: CPU work off the loop, awaited cancellably. */
class OffloadTest {

    @Test
    void theWorkRunsOnAPlatformThreadAndItsValueIsReturned() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.offload(() -> {
            Thread t = Thread.currentThread();
            return t.isVirtual() ? "virtual" : t.getName().replaceAll("\\d+$", "N");
        }))));
        assertThat(get(seen)).isEqualTo("weft-offload-N false NONE");
    }

    @Test
    void theCallersLoopServesOtherCoroutinesWhileTheWorkRuns() throws Exception {
        // The work waits for a coroutine started on the caller's own loop: it can finish only if
        // the loop is free while the work runs.
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        Co.go(() -> {
            CountDownLatch other = new CountDownLatch(1);
            Co.go(other::countDown);
            seen.complete(Co.offload(() -> other.await(WAIT.toSeconds(), TimeUnit.SECONDS) ? 42 : -1));
        });
        assertThat(get(seen)).isEqualTo(42);
    }

    @Test
    void aCancelledOffloadReturnsNullAtOnceAndInterruptsTheWork() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.offload(() -> {
            started.countDown();
            try {
                Thread.sleep(WAIT.toMillis() * 3);
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return "finished";
        }))));
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        awaitSuspendedIn(c, "offload");
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(get(seen)).isEqualTo("null true CO_CANCELED");
        assertThat(get(interrupted)).isTrue();
    }

    @Test
    void aKilledOffloadRaisesKilledException() throws Exception {
        CompletableFuture<Object> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Co.offload(() -> {
                    Thread.sleep(WAIT.toMillis() * 3);
                    return null;
                });
                seen.complete("returned");
            } catch (KilledException e) {
                seen.complete(e);
                throw e;
            }
        });
        awaitSuspendedIn(c, "offload");
        assertThat(c.kill()).isTrue();
        assertThat(get(seen)).isInstanceOf(KilledException.class);
    }

    @Test
    void anUncheckedFailureIsRethrownAndACheckedOneWrapped() throws Exception {
        CompletableFuture<Throwable> unchecked = new CompletableFuture<>();
        CompletableFuture<Throwable> checked = new CompletableFuture<>();
        Co.go(() -> {
            try {
                Co.offload(() -> {
                    throw new IllegalStateException("bad state");
                });
            } catch (RuntimeException e) {
                unchecked.complete(e);
            }
            try {
                Co.offload(() -> {
                    throw new IOException("disk");
                });
            } catch (CompletionException e) {
                checked.complete(e.getCause());
            }
        });
        assertThat(get(unchecked)).isInstanceOf(IllegalStateException.class).hasMessage("bad state");
        assertThat(get(checked)).isInstanceOf(IOException.class).hasMessage("disk");
    }
}
