package dev.weft.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the {@code n} items with the greatest ages offered, in one pass over a million candidates: a
 * candidate costs one comparison with the youngest kept unless it replaces it, and the memory is two
 * arrays of {@code n}. For the few oldest of {@code summary} and the sample of {@code kill}.
 *
 * @param <T> what is kept
 */
final class TopAges<T> {
    private final Object[] items;
    private final long[] ages;
    private int size;
    /** The index of the youngest kept, the one a candidate must beat once all {@code n} are kept. */
    private int youngest;

    TopAges(int n) {
        items = new Object[n];
        ages = new long[n];
    }

    /**
     * The key {@link #offer} takes for something that started at {@code start}: the earlier, the greater.
     * Start times, not ages: ages read one after the other during a long pass grow with the pass, so the
     * last ones read would look older than they are.
     */
    static long startKey(Instant start) {
        return -(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    /** Offers {@code item} of age {@code age} (any unit, the same for every offer; see {@link #startKey}). */
    void offer(long age, T item) {
        if (size < items.length) {
            items[size] = item;
            ages[size++] = age;
        } else if (size > 0 && age > ages[youngest]) {
            items[youngest] = item;
            ages[youngest] = age;
        } else {
            return;
        }
        youngest = 0;
        for (int k = 1; k < size; k++) {
            if (ages[k] < ages[youngest]) {
                youngest = k;
            }
        }
    }

    /** The kept items, oldest first. */
    @SuppressWarnings("unchecked")
    List<T> oldestFirst() {
        Integer[] idx = new Integer[size];
        for (int k = 0; k < size; k++) {
            idx[k] = k;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(ages[b], ages[a]));
        List<T> out = new ArrayList<>(size);
        for (Integer k : idx) {
            out.add((T) items[k]);
        }
        return out;
    }
}
