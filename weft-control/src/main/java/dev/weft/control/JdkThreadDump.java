package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JDK's JSON thread dump ({@link HotSpotDiagnosticMXBean#dumpThreads}), the only dump that lists
 * virtual threads. The MXBean writes to a file that must not exist, so a fresh temp directory is used
 * and removed afterwards.
 */
public final class JdkThreadDump {
    private JdkThreadDump() {}

    /**
     * Takes the dump.
     *
     * @throws CommandException if the dump cannot be written or read back
     */
    public static JsonNode json() {
        Path dir = null;
        Path file = null;
        try {
            dir = Files.createTempDirectory("weft-threads");
            file = dir.resolve("threads.json");
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            bean.dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new CommandException("JDK thread dump failed: " + e);
        } finally {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException ignored) {
                // A leftover temp file is harmless; the dump itself is what matters.
            }
        }
    }
}
