package dev.weft.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.server.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirsTest {
    @Test
    void theDefaultIsPerUserAndNotTheCurrentDirectory() {
        assertThat(RunDirs.defaultFor("hello", Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), 1000))
                .isEqualTo(Path.of("/run/user/1000/weft/hello"));
        assertThat(RunDirs.defaultFor("hello", Map.of(), 1000)).isEqualTo(Path.of("/tmp/weft-1000/hello"));
        assertThat(RunDirs.defaultFor("hello", Map.of("XDG_RUNTIME_DIR", "relative"), 7))
                .isEqualTo(Path.of("/tmp/weft-7/hello"));
    }

    @Test
    void weftRunDirOverridesTheDefault() {
        assertThat(RunDirs.resolve("hello", Map.of("WEFT_RUN_DIR", "/srv/hello/run", "XDG_RUNTIME_DIR", "/run/x")))
                .isEqualTo(Path.of("/srv/hello/run"));
        assertThat(RunDirs.resolve("hello", Map.of("XDG_RUNTIME_DIR", "/run/x")))
                .isEqualTo(Path.of("/run/x/weft/hello"));
    }

    @Test
    void secureCreatesBothLevelsWithMode0700(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("weft-1/app");
        RunDirs.secure(dir, RunDirs.uid());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())))
                .isEqualTo("rwx------");
        RunDirs.secure(dir, RunDirs.uid()); // an existing one of ours is fine
    }

    @Test
    void secureRefusesASymbolicLink(@TempDir Path tmp) throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(tmp.resolve("weft-1"), elsewhere);
        assertThatThrownBy(() -> RunDirs.secure(tmp.resolve("weft-1/app"), RunDirs.uid()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void secureRefusesAnotherUsersDirectory(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("weft-1/app"));
        long someoneElse = RunDirs.uid() + 1;
        assertThatThrownBy(() -> RunDirs.secure(dir, someoneElse))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("belongs to another user")
                .hasMessageContaining("WEFT_RUN_DIR");
    }

    @Test
    void aMissingRuntimeDirectoryIsNamed(@TempDir Path tmp) {
        assertThatThrownBy(() -> RunDirs.secure(tmp.resolve("gone/weft/app"), RunDirs.uid()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(tmp.resolve("gone") + " does not exist");
    }

    @Test
    void socketPathsMustFitAfUnix() throws IOException {
        RunDirs.checkSocketPaths(settings(Path.of("/tmp/weft-0/app")));
        Path deep = Path.of("/tmp/" + "d".repeat(90));
        assertThatThrownBy(() -> RunDirs.checkSocketPaths(settings(deep)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("AF_UNIX allows 107")
                .hasMessageContaining(deep.toString());
    }

    private static Settings settings(Path runDir) {
        return new Settings(
                "app", runDir, null, null, null, Duration.ofSeconds(1), List.of(), () -> {}, () -> {}, List.of());
    }
}
