package dev.weft.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long a rolling reload takes per process on an otherwise idle machine, with warm standbys and without
 * (the baseline, in the same run): two apps, each with {@code --workers} reloadable "web" processes (and the
 * suite's reloadable "ws" process), one of them keeping {@code --standby} standbys of each. {@code reload --wait}
 * (CLI start → every old process exited) alternates between them, {@code --rounds} times each; medians.
 *
 * <pre>java -cp ... dev.weft.bench.suite.ReloadSpeed [--workers 8] [--standby 1] [--rounds 3]</pre>
 */
public final class ReloadSpeed {
    private ReloadSpeed() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Checks.options(args, Map.of("workers", "8", "standby", "1", "rounds", "3"));
        int workers = Integer.parseInt(o.get("workers"));
        int standby = Integer.parseInt(o.get("standby"));
        int rounds = Integer.parseInt(o.get("rounds"));
        int reloadable = workers + 1; // web and ws
        Checks checks = new Checks("rolling reload of " + reloadable + " processes, idle, " + standby
                + " standby vs none, " + rounds + " rounds each");
        int others = 1 + 1 + 1; // ws, text, frame
        try (App warm = App.start(
                        Checks.tempDir("reload-speed-standby"),
                        Map.of("suite.web", "" + workers, "suite.standby", "" + standby),
                        Map.of(),
                        workers + 2 * standby + others);
                App cold = App.start(
                        Checks.tempDir("reload-speed-cold"),
                        Map.of("suite.web", "" + workers),
                        Map.of(),
                        workers + others)) {
            List<Long> withStandby = new ArrayList<>();
            List<Long> without = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                withStandby.add(reload(warm, failed));
                without.add(reload(cold, failed));
            }
            long a = Checks.median(withStandby), b = Checks.median(without);
            checks.measure("ms per reload, with standbys", withStandby + " median " + a);
            checks.measure("ms per reload, without (baseline)", without + " median " + b);
            checks.measure(
                    "ms per process, with / without",
                    a / reloadable + " / " + b / reloadable + String.format(" (%.2fx)", (double) b / Math.max(1, a)));
            checks.check("every reload --wait exited 0", failed.isEmpty(), failed);
            checks.check("with standbys, at most 1 s per process", a / reloadable <= 1000, a / reloadable + " ms");
        }
        System.exit(checks.finish());
    }

    private static long reload(App app, List<String> failed) throws Exception {
        App.CliResult r = app.cli("reload", "--wait");
        if (r.code() != 0) failed.add(r.code() + " " + r.err());
        return r.millis();
    }
}
