package dev.weft.control;

import dev.weft.coroutine.Coroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Keeps the {@code n} oldest entries offered, in one pass and O(n) memory, for a {@link Monitor} sample. */
final class Oldest {
    private final int n;
    /** The youngest kept entry on top, so a new entry only has to beat it. */
    private final PriorityQueue<MonitorSample.Named> kept =
            new PriorityQueue<>(Comparator.comparing(MonitorSample.Named::age));

    Oldest(int n) {
        this.n = n;
    }

    void offer(Coroutine c, String event, Duration age) {
        if (n == 0) {
            return;
        }
        if (kept.size() < n) {
            kept.add(new MonitorSample.Named(c.id(), c.name(), event, age));
        } else if (age.compareTo(kept.peek().age()) > 0) {
            kept.poll();
            kept.add(new MonitorSample.Named(c.id(), c.name(), event, age));
        }
    }

    /** The kept entries, oldest first. */
    List<MonitorSample.Named> list() {
        List<MonitorSample.Named> out = new ArrayList<>(kept);
        out.sort(Comparator.comparing(MonitorSample.Named::age).reversed());
        return out;
    }
}
