package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scaling a running master: the CLI's {@code scale}, SIGTTIN and SIGTTOU, on real processes. */
class ScaleTest {

    @Test
    void scaleAndTtinTtouChangeTheNumberOfProcessesAndStatusShowsIt(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1"), 1)) {
            Cluster.CliResult r = c.cli("scale", "web", "3");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("web: 1 -> 3 processes");
            c.awaitIdle(3);
            assertThat(c.status().path("master").path("counts").path("web").asInt())
                    .isEqualTo(3);
            List<Long> three = c.pids("web");

            Cluster.signal(c.master.pid(), "TTOU");
            c.awaitIdle(2);
            assertThat(c.pids("web")).as("the highest slot retired").containsExactlyElementsOf(three.subList(0, 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> c.events().contains("stop web 2 " + three.get(2)));

            Cluster.signal(c.master.pid(), "TTIN");
            c.awaitIdle(3);
            assertThat(c.status().path("master").path("counts").path("web").asInt())
                    .isEqualTo(3);

            Cluster.CliResult bad = c.cli("scale", "nope", "2");
            assertThat(bad.code()).isEqualTo(1);
            assertThat(bad.err()).contains("no Worker named nope");
        }
    }

    @Test
    void twoWorkersWithTheSameNameFailAtStart(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("master.out");
        Process p = new ProcessBuilder(Cluster.command(dir, Map.of("app.duplicateName", "true"), "start"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(java.nio.file.Files.readString(log))
                .contains("are both named 'web'")
                .contains("Worker.name(...)");
    }
}
