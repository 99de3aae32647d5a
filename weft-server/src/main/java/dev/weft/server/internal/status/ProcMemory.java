package dev.weft.server.internal.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of a process, from {@code /proc/<pid>/statm} (Linux). */
public final class ProcMemory {
    private static final long PAGE = 4096;

    private ProcMemory() {}

    /** RSS in bytes, or 0 if the process is gone or /proc is unreadable. */
    public static long rss(long pid) {
        try {
            String[] f =
                    Files.readString(Path.of("/proc/" + pid + "/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The three load averages from {@code /proc/loadavg}. */
    public static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0, 0};
        }
    }
}
