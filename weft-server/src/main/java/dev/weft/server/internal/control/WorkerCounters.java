package dev.weft.server.internal.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-Worker counter totals that survive the children, as the Python Prometheus client's multiprocess mode
 * does: a counter's series is the sum over the Worker's live children plus the last values of every child
 * of that Worker that has exited. So {@code weft_requests_total{worker="web"}} never goes backwards across
 * reloads, recycles and scaling, where a series per pid would start again at zero with every new process.
 *
 * <p>A child's last values are its final report (a retiring child sends one before it exits) or else the
 * values of the last scrape that reached it (a child killed with SIGKILL loses what it counted since). A
 * final report that arrives after the exit was counted adds only what it adds to the values counted. Thread
 * safe: scrapes, child links and the master loop all call it.
 */
public final class WorkerCounters {
    /** One parsed scrape: its counter samples and everything else. */
    record Parsed(Map<String, Double> counters, String rest) {}

    /** family name → its "# HELP" and "# TYPE" lines. */
    private final Map<String, String[]> families = new LinkedHashMap<>();
    /** sample key (name{labels}) → family name. */
    private final Map<String, String> familyOf = new HashMap<>();
    /** pid → worker and its latest counter values. */
    private final Map<Long, String> workerOf = new HashMap<>();

    private final Map<Long, Map<String, Double>> latest = new HashMap<>();
    /** pid → values already added to the totals at its exit. */
    private final Map<Long, Map<String, Double>> counted = new HashMap<>();
    /** worker → sample key → sum of the exited children's last values. */
    private final Map<String, Map<String, Double>> retired = new TreeMap<>();

    /**
     * Splits a child's scrape into its counter samples, remembered as the child's latest values, and the
     * rest (gauges and the like, which stay per process).
     */
    public synchronized String observe(long pid, String worker, String text) {
        Parsed p = parse(text);
        workerOf.put(pid, worker);
        latest.put(pid, p.counters());
        return p.rest();
    }

    /** A retiring child's final values. */
    public synchronized void finalReport(long pid, String worker, String text) {
        Map<String, Double> values = parse(text).counters();
        workerOf.put(pid, worker);
        Map<String, Double> done = counted.remove(pid);
        if (done == null) {
            latest.put(pid, values);
            return;
        }
        // It was reaped before its report was read: add what the report adds.
        Map<String, Double> totals = retired.computeIfAbsent(worker, k -> new TreeMap<>());
        values.forEach((k, v) -> totals.merge(k, Math.max(0, v - done.getOrDefault(k, 0.0)), Double::sum));
    }

    /** A child was reaped: its last known values join its Worker's total. */
    public synchronized void exited(long pid, String worker) {
        Map<String, Double> values = latest.remove(pid);
        workerOf.remove(pid);
        if (values == null) values = Map.of();
        Map<String, Double> totals = retired.computeIfAbsent(worker, k -> new TreeMap<>());
        values.forEach((k, v) -> totals.merge(k, v, Double::sum));
        counted.put(pid, values);
        if (counted.size() > 1024) counted.remove(counted.keySet().iterator().next()); // a bound, not a cache
    }

    /**
     * The counter families with one series per Worker (labelled {@code worker} only): live children's latest
     * values plus the exited children's.
     *
     * @param live pids of the children that answered this scrape
     */
    public synchronized String render(List<Long> live) {
        Map<String, Map<String, Double>> sums = new TreeMap<>();
        retired.forEach((w, m) -> sums.computeIfAbsent(w, k -> new TreeMap<>()).putAll(m));
        for (long pid : live) {
            String w = workerOf.get(pid);
            Map<String, Double> values = latest.get(pid);
            if (w == null || values == null) continue;
            Map<String, Double> into = sums.computeIfAbsent(w, k -> new TreeMap<>());
            values.forEach((k, v) -> into.merge(k, v, Double::sum));
        }
        StringBuilder out = new StringBuilder();
        families.forEach((family, comments) -> {
            List<String> lines = new ArrayList<>();
            sums.forEach((worker, values) -> values.forEach((key, v) -> {
                if (family.equals(familyOf.get(key))) lines.add(withWorker(key, worker) + " " + v);
            }));
            if (lines.isEmpty()) return;
            if (comments[0] != null) out.append(comments[0]).append('\n');
            out.append(comments[1]).append('\n');
            lines.forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }

    private Parsed parse(String text) {
        Map<String, Double> counters = new LinkedHashMap<>();
        StringBuilder rest = new StringBuilder();
        String help = null;
        String family = null;
        boolean counter = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                help = line;
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                family = parts.length > 2 ? parts[2] : null;
                counter = parts.length > 3 && parts[3].trim().equals("counter");
                if (counter) {
                    families.putIfAbsent(family, new String[] {help, line});
                } else {
                    if (help != null && help.split(" ", 4).length > 2 && help.split(" ", 4)[2].equals(family))
                        rest.append(help).append('\n');
                    rest.append(line).append('\n');
                }
                help = null;
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
            if (counter && family != null && name.startsWith(family) && !name.endsWith("_created")) {
                try {
                    counters.put(
                            key, Double.parseDouble(line.substring(space + 1).trim()));
                    familyOf.put(key, family);
                    continue;
                } catch (NumberFormatException e) {
                    // not a plain sample: pass it on untouched
                }
            }
            rest.append(line).append('\n');
        }
        return new Parsed(counters, rest.toString());
    }

    /** {@code name{a="1"}} → {@code name{worker="w",a="1"}}. */
    private static String withWorker(String key, String worker) {
        String label = "worker=\"" + worker.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        int brace = key.indexOf('{');
        if (brace < 0) return key + "{" + label + "}";
        String inner = key.substring(brace + 1, key.length() - 1);
        return key.substring(0, brace) + "{" + label + (inner.isEmpty() ? "" : "," + inner) + "}";
    }
}
