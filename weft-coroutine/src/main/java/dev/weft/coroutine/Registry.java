package dev.weft.coroutine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live coroutines of this process. A coroutine is held strongly from {@link Co#go} until it
 * finishes and removed at once then; suspensions are not kept here but read from each coroutine's
 * current operation, so tracking them costs nothing on the blocking path.
 */
final class Registry {
    private static final ConcurrentHashMap<Long, Coroutine> LIVE = new ConcurrentHashMap<>(1024);
    private static final AtomicLong IDS = new AtomicLong();
    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();
    private static final LongAdder CANCELLED = new LongAdder();
    private static final LongAdder KILLED = new LongAdder();

    private Registry() {}

    static long nextId() {
        return IDS.incrementAndGet();
    }

    static void add(Coroutine c) {
        LIVE.put(c.id(), c);
        long n = COUNT.incrementAndGet();
        long p = PEAK.get();
        while (n > p && !PEAK.compareAndSet(p, n)) {
            p = PEAK.get();
        }
    }

    static void remove(Coroutine c) {
        if (LIVE.remove(c.id()) != null) {
            COUNT.decrementAndGet();
        }
    }

    static Coroutine get(long id) {
        return LIVE.get(id);
    }

    static List<Coroutine> list() {
        return new ArrayList<>(LIVE.values());
    }

    static List<Suspension> suspensions() {
        List<Suspension> out = new ArrayList<>();
        for (Coroutine c : LIVE.values()) {
            Suspension s = c.suspension();
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    static void cancelled() {
        CANCELLED.increment();
    }

    static void killed() {
        KILLED.increment();
    }

    static CoStats stats() {
        long suspended = 0;
        for (Coroutine c : LIVE.values()) {
            if (c.suspension() != null) {
                suspended++;
            }
        }
        return new CoStats(COUNT.get(), PEAK.get(), IDS.get(), suspended, IDS.get(), CANCELLED.sum(), KILLED.sum());
    }
}
