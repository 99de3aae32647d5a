package dev.weft.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Manual benchmark for BENCHMARKS.md (section "Control plane") (not a test): {@code list} and a {@link Monitor}
 * sample over N sleeping coroutines. Args: {@code [coroutines] [rounds]}.
 */
public final class ControlBench {
    private ControlBench() {}

    /** Runs the benchmark and prints one line per measurement. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        for (int i = 0; i < n; i++) {
            Co.go("bench-" + i, () -> Co.sleep(Duration.ofHours(1)));
        }
        while (Co.stats().suspended() < n) {
            Thread.sleep(50); // setup only, not measured
        }
        CommandRegistry commands = Commands.standard(ProcessIdentity.current("bench", 0));
        Monitor plain =
                new Monitor(new Monitor.Config(Duration.ofHours(1), MonitorSample.LogFormat.JSON, null), line -> {});
        Monitor policed = new Monitor(
                new Monitor.Config(
                        Duration.ofHours(1),
                        MonitorSample.LogFormat.JSON,
                        new AgeFilter(
                                Duration.ofHours(1), AgeBasis.SUSPENSION, java.util.regex.Pattern.compile("^sleep$"))),
                line -> {});
        for (int i = 0; i < 5; i++) { // warm-up
            Json.MAPPER.writeValueAsString(commands.handle("list", null));
            plain.sampleNow();
            policed.sampleNow();
        }
        double[] handle = new double[rounds];
        double[] total = new double[rounds];
        long bytes = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            ObjectNode reply = commands.handle("list", null);
            long t1 = System.nanoTime();
            bytes = Json.MAPPER.writeValueAsBytes(reply).length;
            long t2 = System.nanoTime();
            handle[i] = (t1 - t0) / 1e6;
            total[i] = (t2 - t0) / 1e6;
        }
        report("list (build tree)", handle);
        report("list (tree + serialise)", total);
        System.out.printf(
                Locale.ROOT,
                "list JSON size: %d bytes (%.1f MB, %.0f bytes/coroutine)%n",
                bytes,
                bytes / 1e6,
                (double) bytes / n);
        report("monitor sample (no policy)", time(rounds, plain));
        report("monitor sample (policy, regex, kills none)", time(rounds, policed));
        double[] stats = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            commands.handle("stats", null);
            stats[i] = (System.nanoTime() - t0) / 1e6;
        }
        report("stats", stats);
        System.exit(0);
    }

    private static double[] time(int rounds, Monitor m) {
        double[] out = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            m.sampleNow();
            out[i] = (System.nanoTime() - t0) / 1e6;
        }
        return out;
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(
                Locale.ROOT,
                "%-45s median %.1f ms, min %.1f ms, max %.1f ms (%d rounds)%n",
                what,
                s[s.length / 2],
                s[0],
                s[s.length - 1],
                s.length);
    }
}
