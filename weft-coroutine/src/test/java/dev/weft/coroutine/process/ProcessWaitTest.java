package dev.weft.coroutine.process;

import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Port of Swoole's tests/swoole_coroutine/cancel/wait.phpt, plus the non-cancelled paths of process waits. */
class ProcessWaitTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void waitForAChildIsCancelledAndTheChildKeepsRunning() throws Exception {
        Process child = new ProcessBuilder("sleep", "100").start();
        try {
            CompletableFuture<String> seen = new CompletableFuture<>();
            Coroutine c = Co.go(() -> {
                try {
                    Integer code = CoProcess.waitPid(child, LONG);
                    seen.complete(code + " " + Co.lastError());
                } catch (Exception e) {
                    seen.completeExceptionally(e);
                }
            });
            awaitSuspendedIn(c, "process.wait " + child.pid());
            assertThat(Co.cancel(c.id())).isTrue();
            assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("null CO_CANCELED");
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void waitPidReturnsTheExitCodeAndExecCollectsOutput() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> {
            try {
                Process p = new ProcessBuilder("sh", "-c", "exit 7").start();
                Integer code = CoProcess.waitPid(p, LONG);
                CoProcess.Result r = CoProcess.exec(LONG, "sh", "-c", "echo out; echo err >&2; exit 3");
                CoProcess.Result slow = CoProcess.exec(Duration.ofMillis(100), "sleep", "30");
                String slowError = Co.lastError().name();
                Process q = new ProcessBuilder("sleep", "30").start();
                boolean exited = CoProcess.waitPid(q.toHandle(), Duration.ofMillis(50));
                String qError = Co.lastError().name();
                q.destroyForcibly();
                seen.complete(code + " " + r + " " + slow + " " + slowError + " " + exited + " " + qError);
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        assertThat(seen.get(10, TimeUnit.SECONDS))
                .isEqualTo("7 Result[exitCode=3, stdout=out\n, stderr=err\n] null CO_TIMEDOUT false CO_TIMEDOUT");
    }
}
