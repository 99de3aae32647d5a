package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.OptionalLong;

/** Finds the running master from the pid file, and cleans up after one that died without doing so. */
final class MasterProbe {
    private MasterProbe() {}

    /**
     * The running master's pid. A pid file whose process is gone (or is no longer a java process) is stale:
     * it is removed, with the sockets beside it, and reported on {@code err}.
     */
    static OptionalLong livePid(Settings s, PrintWriter err) {
        String text;
        try {
            if (!Files.exists(s.pidFile())) return OptionalLong.empty();
            text = Files.readString(s.pidFile()).trim();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid > 0 && isJava(pid)) return OptionalLong.of(pid);
        err.println("Stale pid file " + s.pidFile() + " (pid " + text + " is not running): removed.");
        err.flush();
        try {
            Files.deleteIfExists(s.pidFile());
            Files.deleteIfExists(s.controlSocket());
            Files.deleteIfExists(s.workerSocket());
        } catch (IOException ignored) {
            // reported above; start will fail clearly if the files are really in the way
        }
        return OptionalLong.empty();
    }

    private static boolean isJava(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("/java") || c.endsWith("java"))
                        .orElse(true))
                .orElse(false);
    }
}
