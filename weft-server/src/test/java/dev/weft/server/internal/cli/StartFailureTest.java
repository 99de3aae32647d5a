package dev.weft.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartFailureTest {
    @Test
    void onlyTheNewMastersErrorLinesAreReported(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("app.stdout.log");
        Files.writeString(out, "12:00 SEVERE [master:1] an old failure of an earlier run\n");
        long mark = StartFailure.mark(out);
        Files.writeString(out, """
                Weft[app] master 2 starting as a daemon.
                12:01 INFO [master:2] Weft master 2 starting 1 workers, 1 processes
                12:01 SEVERE [master:2] master failed to start: cannot listen on http://127.0.0.1:80: bind: Permission denied (errno 13)
                java.lang.IllegalStateException: boom
                \tat dev.weft.Some.frame(Some.java:1)
                """, java.nio.file.StandardOpenOption.APPEND);
        assertThat(StartFailure.lastErrorLines(out, mark, 5))
                .containsExactly(
                        "12:01 SEVERE [master:2] master failed to start: cannot listen on http://127.0.0.1:80: bind:"
                                + " Permission denied (errno 13)",
                        "java.lang.IllegalStateException: boom");
    }

    @Test
    void withoutErrorLinesTheLastLinesAreReported(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("app.stdout.log");
        Files.writeString(out, "one\ntwo\nthree\n");
        assertThat(StartFailure.lastErrorLines(out, 0, 2)).containsExactly("two", "three");
        assertThat(StartFailure.lastErrorLines(dir.resolve("missing"), 0, 2)).isEmpty();
    }
}
