package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Arrays;

/**
 * Ages in logarithmic buckets 2% wide, so percentiles of a million ages cost a few hundred counters and
 * the histograms of several processes merge by adding counts: each process sends its histogram, the CLI
 * adds them and reads the fleet's percentiles off the sum. A percentile is exact to within 2%; the maximum
 * is kept exactly. The counters are one array indexed by bucket (an hour is bucket 764), so adding an age
 * is a logarithm and an increment.
 */
public final class AgeHistogram {
    private static final double GROWTH = 1.02;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    /** Past any age a {@code long} of nanoseconds holds (≈ 292 years is bucket 1,507). */
    private static final int MAX_BUCKET = 2048;

    /** bucket → count; bucket 0 holds ages under 1 ms, bucket b ≥ 1 ages in [GROWTH^(b-1), GROWTH^b) ms. */
    private long[] buckets = new long[64];

    private long count;
    private double maxMs;

    /** The bucket of an age. */
    static int bucket(double ageMs) {
        if (!(ageMs >= 1)) {
            return 0; // also NaN
        }
        return (int) Math.min(MAX_BUCKET - 1, 1 + (long) Math.floor(Math.log(ageMs) / LOG_GROWTH));
    }

    /** Adds one age. */
    public void add(double ageMs) {
        add(bucket(ageMs), 1);
        count++;
        if (ageMs > maxMs) {
            maxMs = ageMs;
        }
    }

    private void add(int b, long n) {
        if (b >= buckets.length) {
            buckets = Arrays.copyOf(buckets, Math.min(MAX_BUCKET, Math.max(b + 1, buckets.length * 2)));
        }
        buckets[b] += n;
    }

    /** Adds the counts of a histogram sent as {@link #toJson}, with its maximum. */
    public void addAll(JsonNode buckets, double maxMs) {
        for (JsonNode pair : buckets) {
            long n = pair.path(1).asLong();
            int b = pair.path(0).asInt();
            if (b < 0 || b >= MAX_BUCKET || n <= 0) {
                continue; // not a bucket this histogram has: a malformed reply adds nothing
            }
            add(b, n);
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
        for (int b = 0; b < buckets.length; b++) {
            seen += buckets[b];
            if (buckets[b] > 0 && seen >= rank) {
                double mid = b == 0 ? 0.5 : Math.pow(GROWTH, b - 0.5);
                return Math.min(mid, maxMs);
            }
        }
        return maxMs;
    }

    /** {@code [[bucket, count], ...]}, ascending, the empty buckets left out. */
    public ArrayNode toJson() {
        ArrayNode out = Json.array();
        for (int b = 0; b < buckets.length; b++) {
            if (buckets[b] > 0) {
                out.addArray().add(b).add(buckets[b]);
            }
        }
        return out;
    }
}
