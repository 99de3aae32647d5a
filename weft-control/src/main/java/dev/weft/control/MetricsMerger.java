package dev.weft.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the scrape texts of several processes into one, adding labels (a {@code pid} and
 * {@code worker}) to every sample so the series stay apart. The text format wants each metric
 * family's samples together under one {@code # HELP}/{@code # TYPE}, so samples are regrouped by
 * family rather than concatenated.
 */
public final class MetricsMerger {
    private MetricsMerger() {}

    /**
     * One process's scrape text and the labels to add to its samples.
     *
     * @param labels label names and values, in order
     * @param text the scrape text
     */
    public record Scrape(Map<String, String> labels, String text) {
        /** Copies the labels. */
        public Scrape {
            labels = new LinkedHashMap<>(labels);
        }

        /** A scrape labelled with the {@code pid} and {@code worker} of {@code identity}. */
        public static Scrape of(ProcessIdentity identity, String text) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("pid", Long.toString(identity.pid()));
            labels.put("worker", identity.worker());
            return new Scrape(labels, text);
        }
    }

    /** One metric family: its comment lines and samples. */
    private static final class Family {
        String help;
        String type;
        final List<String> samples = new ArrayList<>();
    }

    /** The merged text. */
    public static String merge(List<Scrape> scrapes) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (Scrape scrape : scrapes) {
            String prefix = labelText(scrape.labels());
            String current = null;
            for (String line : scrape.text().split("\n")) {
                if (line.isBlank() || line.startsWith("# EOF")) {
                    continue;
                }
                if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ", 4);
                    if (parts.length < 3) {
                        continue;
                    }
                    current = parts[2];
                    Family f = families.computeIfAbsent(current, k -> new Family());
                    if (line.startsWith("# HELP ")) {
                        f.help = f.help == null ? line : f.help;
                    } else {
                        f.type = f.type == null ? line : f.type;
                    }
                    continue;
                }
                if (line.startsWith("#")) {
                    continue;
                }
                String name = sampleName(line);
                // _total, _bucket, _count, _sum... belong to the family declared above them.
                String family = current != null && name.startsWith(current) ? current : name;
                families.computeIfAbsent(family, k -> new Family()).samples.add(label(line, name, prefix));
            }
        }
        StringBuilder out = new StringBuilder();
        for (Family f : families.values()) {
            if (f.help != null) {
                out.append(f.help).append('\n');
            }
            if (f.type != null) {
                out.append(f.type).append('\n');
            }
            for (String s : f.samples) {
                out.append(s).append('\n');
            }
        }
        return out.toString();
    }

    private static String sampleName(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }

    /** Inserts {@code prefix} ({@code pid="1",worker="0"}) as the first labels of a sample line. */
    private static String label(String line, String name, String prefix) {
        if (prefix.isEmpty()) {
            return line;
        }
        String rest = line.substring(name.length());
        if (rest.startsWith("{}")) {
            return name + "{" + prefix + "}" + rest.substring(2);
        }
        if (rest.startsWith("{")) {
            return name + "{" + prefix + "," + rest.substring(1);
        }
        return name + "{" + prefix + "}" + rest;
    }

    private static String labelText(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        labels.forEach((k, v) -> {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(k)
                    .append("=\"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        });
        return b.toString();
    }
}
