package dev.weft.coroutine.signal;

import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Port of Swoole's tests/swoole_coroutine/cancel/wait_signal.phpt, plus a real signal and a timeout. */
class SignalWaitTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void waitSignalIsCancelledThenARealSignalWakesAWaiter() throws Exception {
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        Coroutine c = Co.go(() -> cancelled.complete(CoSignals.waitSignal(LONG, "TERM") + " " + Co.lastError()));
        awaitSuspendedIn(c, "signal.wait TERM");
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(cancelled.get(5, TimeUnit.SECONDS)).isEqualTo("null CO_CANCELED");

        CompletableFuture<String> arrived = new CompletableFuture<>();
        Coroutine w = Co.go(() -> arrived.complete(CoSignals.waitSignal(LONG, "SIGUSR1") + " " + Co.lastError()));
        awaitSuspendedIn(w, "signal.wait USR1");
        Process kill = new ProcessBuilder(
                        "kill", "-USR1", Long.toString(ProcessHandle.current().pid()))
                .start();
        assertThat(kill.waitFor()).isZero();
        assertThat(arrived.get(5, TimeUnit.SECONDS)).isEqualTo("USR1 NONE");

        CompletableFuture<String> timedOut = new CompletableFuture<>();
        Co.go(() ->
                timedOut.complete(CoSignals.waitSignal(Duration.ofMillis(50), "USR2", "HUP") + " " + Co.lastError()));
        assertThat(timedOut.get(5, TimeUnit.SECONDS)).isEqualTo("null CO_TIMEDOUT");
    }
}
