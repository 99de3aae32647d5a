package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI explains itself: errors once and before anything is sent, the right usage, help, exit codes. */
class CliHelpTest {
    private static final Map<String, String> NO_PROPS = Map.of();

    @Test
    void aBadDurationIsRejectedOnceByTheCliWithTheSubcommandsUsage(@TempDir Path dir) throws Exception {
        Cluster.CliResult r = Cluster.cli(dir, NO_PROPS, "co", "kill", "--older-than", "banana");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().split("must be a duration", -1)).hasSize(2);
        assertThat(r.err()).contains("--older-than", "banana", "Usage: app co kill");
        // checked before asking for a master: no "not running"
        assertThat(r.err()).doesNotContain("not running");
    }

    @Test
    void aBadTimeoutIsAUsageErrorToo(@TempDir Path dir) throws Exception {
        Cluster.CliResult r = Cluster.cli(dir, NO_PROPS, "co", "list", "--timeout", "soon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--timeout", "Usage: app co list");
    }

    @Test
    void aRunDirectoryTooDeepForItsSocketsFailsClearlyOnce(@TempDir Path dir) throws Exception {
        Path deep = dir.resolve("d".repeat(100));
        // a later -Dapp.dir wins over Cluster's own: the run directory is the deep one
        Cluster.CliResult deepStatus = Cluster.cli(dir, Map.of("app.dir", deep.toString()), "status");
        assertThat(deepStatus.code()).isEqualTo(1);
        assertThat(deepStatus.err().split("AF_UNIX allows 107", -1)).hasSize(2);
        assertThat(deepStatus.err()).doesNotContain("Exception");
    }

    @Test
    void helpCommandShowsACommandsUsage(@TempDir Path dir) throws Exception {
        Cluster.CliResult r = Cluster.cli(dir, NO_PROPS, "help", "reload");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: app reload", "--graceful");
    }

    @Test
    void topLevelHelpNamesTheLauncherAndListsTheExitCodes(@TempDir Path dir) throws Exception {
        Cluster.CliResult r = Cluster.cli(dir, NO_PROPS, Map.of("WEFT_LAUNCHER", "./hello"), "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Usage: ./hello", "help", "Exit codes:", "3  not running")
                .doesNotContain("Run with");
    }

    @Test
    void withoutALauncherTheHelpUsesTheAppName(@TempDir Path dir) throws Exception {
        Cluster.CliResult r = Cluster.cli(dir, NO_PROPS, "help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: app [");
    }
}
