package dev.weft.coroutine;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the coroutine tests: waiting for states without sleeping, reading results. */
public final class CoTesting {
    static final Duration LONG = Duration.ofSeconds(30);
    static final Duration WAIT = Duration.ofSeconds(10);

    private CoTesting() {}

    /** Waits until {@code c} is parked where cancel, kill and resume take effect at once. */
    static void awaitSuspended(Coroutine c) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> c.state() == Coroutine.State.SUSPENDED);
    }

    /** Waits until {@code c} is suspended in an operation named {@code event}. */
    /** Waits until {@code c} is suspended in {@code event}. */
    public static void awaitSuspendedIn(Coroutine c, String event) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
            Suspension s = c.suspension();
            return c.state() == Coroutine.State.SUSPENDED
                    && s != null
                    && s.event().equals(event);
        });
    }

    /** Waits until {@code c} waits in an operation named {@code event}, cancellable or not. */
    static void awaitWaitingIn(Coroutine c, String event) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
            Suspension s = c.suspension();
            return s != null && s.event().equals(event);
        });
    }

    static void awaitDone(Coroutine c) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(c::isDone);
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** "result isCanceled lastError" of the calling context, the way Swoole's tests check an operation. */
    static String outcome(Object result) {
        return result + " " + Co.isCanceled() + " " + Co.lastError();
    }
}
