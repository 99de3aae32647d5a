package dev.weft.coroutine.sync;

import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Helpers of the sync tests: waiting for a coroutine to block in an event, reading results. */
final class SyncTesting {
    static final Duration WAIT = Duration.ofSeconds(10);

    private SyncTesting() {}

    /** Waits until {@code c} is SUSPENDED in an operation named {@code event}. */
    static void awaitSuspendedIn(Coroutine c, String event) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
            Suspension s = c.suspension();
            return c.state() == Coroutine.State.SUSPENDED
                    && s != null
                    && s.event().equals(event);
        });
    }

    static void awaitDone(Coroutine c) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(c::isDone);
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** "result isCanceled lastError" of the calling context. */
    static String outcome(Object result) {
        return result + " " + Co.isCanceled() + " " + Co.lastError();
    }
}
