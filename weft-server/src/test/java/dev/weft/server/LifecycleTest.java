package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {

    @Test
    void startServesThenRefusesASecondStartThenStopsAndSaysNotRunning(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "2"), 2)) {
            try (KeepAliveClient client = new KeepAliveClient(c.port("web"))) {
                assertThat(client.get("/").body()).isEqualTo("hello");
            }
            Cluster.CliResult second = c.cli("start");
            assertThat(second.code()).isEqualTo(4);
            assertThat(second.err()).contains("already running");

            Cluster.CliResult status = c.cli("status");
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains("GLOBAL STATUS", "PROCESS STATUS", "Summary", "[idle]", "web");

            Cluster.CliResult stop = c.cli("stop");
            assertThat(stop.code()).isZero();
            assertThat(stop.out()).contains("stop success");
            assertThat(c.master.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(c.master.exitValue()).isZero();
            assertThat(c.runDir.resolve("app.pid")).doesNotExist();
            assertThat(c.events()).contains("master-stop");

            Cluster.CliResult again = c.cli("stop");
            assertThat(again.code()).isEqualTo(3);
            assertThat(again.err()).contains("not running");
        }
    }

    @Test
    void staleMasterPidFileIsReportedAndRemoved(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("app.pid"), gone.pid() + "\n");

        Cluster.CliResult r = Cluster.cli(dir, Map.of(), "status");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("Stale pid file", "not running");
        assertThat(run.resolve("app.pid")).doesNotExist();
    }

    @Test
    void badArgumentsGiveAUsageErrorAndExitCode2WithoutAStackTrace(@TempDir Path dir) throws Exception {
        Cluster.CliResult r = Cluster.cli(dir, Map.of(), "start", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option").doesNotContain("Exception");

        Cluster.CliResult help = Cluster.cli(dir, Map.of(), "reload", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--graceful");
    }

    @Test
    void daemonStartReturnsOnceEveryChildIsReadyAndRestartReplacesTheMaster(@TempDir Path dir) throws Exception {
        Map<String, String> props = Map.of("app.count", "1");
        Cluster.CliResult start = Cluster.cli(dir, props, "start", "-d");
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).contains("started in daemon mode");
        long master1 =
                Long.parseLong(Files.readString(dir.resolve("run/app.pid")).trim());
        try {
            // No waiting: start -d returned only after the child reported ready.
            JsonNode s = dev.weft.server.internal.cli.ControlClient.call(
                    Cluster.settings(dir.resolve("run")), "status", null);
            assertThat(s.path("processes")).hasSize(1);
            assertThat(s.path("processes").get(0).path("status").asText()).isEqualTo("idle");

            Cluster.CliResult restart = Cluster.cli(dir, props, "restart", "-d");
            assertThat(restart.code()).as(restart.err()).isZero();
            long master2 =
                    Long.parseLong(Files.readString(dir.resolve("run/app.pid")).trim());
            assertThat(master2).isNotEqualTo(master1);
            assertThat(ProcessHandle.of(master1)).isEmpty();

            Cluster.CliResult stop = Cluster.cli(dir, props, "stop");
            assertThat(stop.code()).isZero();
            assertThat(ProcessHandle.of(master2).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
        } finally {
            if (Files.exists(dir.resolve("run/app.pid"))) {
                long pid = Long.parseLong(
                        Files.readString(dir.resolve("run/app.pid")).trim());
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
            }
        }
    }
}
