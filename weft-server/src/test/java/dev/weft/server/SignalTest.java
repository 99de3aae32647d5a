package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real signals sent with {@code kill} to a real master: INT and TERM stop it, USR1 reloads. The other signals
 * are tested where their behaviour is: HUP (graceful reload) in {@link ReloadTest}, USR2 (status file) and IO
 * (connections file) in {@link StatusTest}, TTIN and TTOU (one process more or fewer) in {@link ScaleTest}.
 */
class SignalTest {

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void intAndTermStopEveryChildThenTheMasterWhichLeavesNoFileBehind(String signal, @TempDir Path dir)
            throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "2"), 2)) {
            List<Long> pids = c.pids("web");
            Cluster.signal(c.master.pid(), signal);
            assertThat(c.master.waitFor(60, TimeUnit.SECONDS)).as(c.log()).isTrue();
            assertThat(c.master.exitValue()).isZero();
            assertThat(c.log()).contains("stopping all workers (SIG" + signal + ")");
            for (int slot = 0; slot < pids.size(); slot++) {
                long pid = pids.get(slot);
                assertThat(c.events()).contains("stop web " + slot + " " + pid, "exit web 0 " + pid);
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            }
            assertThat(c.events().getLast()).as("onMasterStop runs last").isEqualTo("master-stop");
            assertThat(Files.exists(c.runDir.resolve("app.pid"))).isFalse();
            assertThat(Files.exists(c.runDir.resolve("app.ctl.sock"))).isFalse();
        }
    }

    @Test
    void usr1ReloadsEveryProcessAtOnceWithoutWaitingForInFlightWork(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "2"), 2)) {
            List<Long> before = c.pids("web");
            Cluster.signal(c.master.pid(), "USR1");
            await().atMost(Duration.ofSeconds(60)).until(() -> c.log().contains("reload done"));
            c.awaitIdle(2);
            assertThat(c.pids("web")).hasSize(2).doesNotContainAnyElementsOf(before);
            assertThat(c.log())
                    .containsPattern("(?m)\\] reloading$")
                    .as("USR1 is the plain reload; HUP is the graceful one")
                    .doesNotContain("reloading (graceful)");
            assertThat(c.events()).contains("master-reload");
            for (int slot = 0; slot < before.size(); slot++) {
                assertThat(c.events()).contains("reload web " + slot + " " + before.get(slot));
            }
            assertThat(c.master.isAlive()).isTrue();
        }
    }
}
