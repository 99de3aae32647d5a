package dev.weft.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A suite's verdicts and measurements: {@link #check} records a named condition, {@link #measure} a
 * number worth reporting; {@link #finish} prints both and gives the exit status (0 when every check held).
 */
final class Checks {
    private final String suite;
    private final List<String> failed = new ArrayList<>();
    private final List<String> passed = new ArrayList<>();
    private final Map<String, String> measured = new LinkedHashMap<>();

    Checks(String suite) {
        this.suite = suite;
        System.out.println("== " + suite + " (nproc " + Runtime.getRuntime().availableProcessors() + ", JDK "
                + System.getProperty("java.version") + ", load " + load() + ")");
    }

    boolean check(String what, boolean ok, Object detail) {
        String line = what + (detail == null ? "" : " — " + detail);
        (ok ? passed : failed).add(line);
        System.out.println((ok ? "  PASS " : "  FAIL ") + line);
        return ok;
    }

    void measure(String what, Object value) {
        measured.put(what, String.valueOf(value));
        System.out.println("  " + what + ": " + value);
    }

    /** The two checks every suite under {@link HttpLoad} makes: no request failed, no connection was reset. */
    void noRequestFailed(HttpLoad load) {
        check(
                "no request failed (non-2xx, broken mid-response, connect failure, failed retry)",
                load.failures() == 0,
                load.failures() + (load.samples.isEmpty() ? "" : " " + load.samples));
        check("no connection was reset before its response", load.retriedReset.get() == 0, load.retriedReset.get());
    }

    /** The median of measurements taken in alternating rounds (the upper one of an even count). */
    static long median(List<Long> xs) {
        List<Long> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Prints the summary; returns 0 when all checks passed. */
    int finish() {
        System.out.println(
                "== " + suite + ": " + passed.size() + " passed, " + failed.size() + " failed (load " + load() + ")");
        for (String f : failed) System.out.println("  FAILED: " + f);
        return failed.isEmpty() ? 0 : 1;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** {@code --name value} options with defaults; {@code --flag} alone means "true". */
    static Map<String, String> options(String[] args, Map<String, String> defaults) {
        Map<String, String> m = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String k = args[i].substring(2);
            if (!m.containsKey(k))
                throw new IllegalArgumentException("unknown option --" + k + " (known: " + m.keySet() + ")");
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) m.put(k, args[++i]);
            else m.put(k, "true");
        }
        return m;
    }

    /**
     * A fresh directory for a suite's files: under {@code WEFT_SUITE_TMP} when set ({@code run-all} sets it
     * and removes it afterwards), else in the system's temporary directory.
     */
    static Path tempDir(String name) throws IOException {
        String parent = System.getenv("WEFT_SUITE_TMP");
        return parent == null || parent.isBlank()
                ? Files.createTempDirectory("weft-suite-" + name + "-")
                : Files.createTempDirectory(Path.of(parent), "weft-suite-" + name + "-");
    }
}
