package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ages in logarithmic buckets 2% wide, so percentiles of a million ages cost a few hundred counters and
 * the histograms of several processes merge by adding counts: each process sends its histogram, the CLI
 * adds them and reads the fleet's percentiles off the sum. A percentile is exact to within 2%; the maximum
 * is kept exactly.
 */
public final class AgeHistogram {
    private static final double GROWTH = 1.02;
    private static final double LOG_GROWTH = Math.log(GROWTH);

    /** bucket → count; bucket 0 holds ages under 1 ms, bucket b ≥ 1 ages in [GROWTH^(b-1), GROWTH^b) ms. */
    private final TreeMap<Integer, Long> buckets = new TreeMap<>();

    private long count;
    private double maxMs;

    /** Adds one age. */
    public void add(double ageMs) {
        int b = ageMs < 1 ? 0 : 1 + (int) Math.floor(Math.log(ageMs) / LOG_GROWTH);
        buckets.merge(b, 1L, Long::sum);
        count++;
        maxMs = Math.max(maxMs, ageMs);
    }

    /** Adds the counts of a histogram sent as {@link #toJson}, with its maximum. */
    public void addAll(JsonNode buckets, double maxMs) {
        for (JsonNode pair : buckets) {
            long n = pair.path(1).asLong();
            this.buckets.merge(pair.path(0).asInt(), n, Long::sum);
            count += n;
        }
        this.maxMs = Math.max(this.maxMs, maxMs);
    }

    /** How many ages were added. */
    public long count() {
        return count;
    }

    /** The largest age, exact. */
    public double maxMs() {
        return maxMs;
    }

    /**
     * The age under which a fraction {@code q} (0..1) of the ages lie: the middle of its bucket, never
     * above the maximum; 0 when empty.
     */
    public double percentile(double q) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                int b = e.getKey();
                double mid = b == 0 ? 0.5 : Math.pow(GROWTH, b - 0.5);
                return Math.min(mid, maxMs);
            }
        }
        return maxMs;
    }

    /** {@code [[bucket, count], ...]}, ascending. */
    public ArrayNode toJson() {
        ArrayNode out = Json.array();
        buckets.forEach((b, n) -> out.addArray().add(b).add(n));
        return out;
    }
}
