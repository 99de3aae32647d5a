package dev.weft.control;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory: Java heap from the memory MXBean and resident set size from
 * {@code /proc/self/status} (VmRSS), which is what the OS (and the OOM killer) sees.
 *
 * @param heapUsed heap bytes in use
 * @param heapCommitted heap bytes committed
 * @param heapMax the heap limit, -1 if undefined
 * @param rss resident set size in bytes, -1 where {@code /proc} is not available
 */
public record ProcessMemory(long heapUsed, long heapCommitted, long heapMax, long rss) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** Reads the current values. */
    public static ProcessMemory read() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new ProcessMemory(heap.getUsed(), heap.getCommitted(), heap.getMax(), readRss());
    }

    /** VmRSS in bytes, -1 if unknown. */
    static long readRss() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return parseKb(line.substring("VmRSS:".length())) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc not mounted: report unknown rather than fail the command.
        }
        return -1;
    }

    /** {@code "   12345 kB"} → 12345. */
    static long parseKb(String value) {
        String v = value.trim();
        if (v.endsWith("kB")) {
            v = v.substring(0, v.length() - 2).trim();
        }
        return Long.parseLong(v);
    }
}
