package dev.weft.server.internal.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Why a daemon master did not start, read back from what it wrote to its stdout file: the error lines it
 * appended since it was spawned (a bind error, an exception's message), so that {@code start -d} can
 * print them instead of only pointing at the file.
 */
final class StartFailure {
    /** Log lines at SEVERE or WARNING, and the JVM's own "Error:" and exception lines. */
    private static final Pattern ERROR_LINE =
            Pattern.compile("\\b(SEVERE|WARNING)\\b|^Error|Exception\\b|^Caused by:|\\bError: ");

    private StartFailure() {}

    /** The file's length now (0 when it does not exist): where the new master's output will begin. */
    static long mark(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The last {@code max} error lines written to {@code file} after {@code offset}; when there is none, the
     * last {@code max} lines of any kind (indented stack frames left out). Empty when nothing can be read.
     */
    static List<String> lastErrorLines(Path file, long offset, int max) {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.min(Math.max(offset, 0), f.length());
            // the tail is enough: a dying master's reason is at its end
            start = Math.max(start, f.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank() && !line.startsWith("\t") && !line.startsWith(" ")) lines.add(line);
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> errors =
                lines.stream().filter(l -> ERROR_LINE.matcher(l).find()).toList();
        List<String> chosen = errors.isEmpty() ? lines : errors;
        return chosen.subList(Math.max(0, chosen.size() - max), chosen.size());
    }
}
