package dev.weft.coroutine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live coroutines of this process. A coroutine is held strongly from {@link Co#go} until it
 * finishes and removed at once then; suspensions are not kept here but read from each coroutine's
 * current operation, so tracking them costs nothing on the blocking path.
 *
 * <p>The table is {@link #STRIPES} small open-addressing hash tables of {@link Coroutine}
 * references, chosen by the low bits of the id and each guarded by its own monitor. An entry costs
 * one table slot (4–8 bytes at the table's load), against a {@code ConcurrentHashMap}'s node, boxed
 * {@code Long} key and slot (~64 bytes). Ids are sequential, so consecutive {@code go} calls and
 * finishing coroutines land on different stripes and rarely contend; lookups by id (cancel, kill)
 * and listings take the stripe's monitor for a few hundred nanoseconds at most.
 */
final class Registry {
    /** Number of stripes; a power of two. */
    static final int STRIPES = 64;

    private static final int STRIPE_BITS = Integer.numberOfTrailingZeros(STRIPES);
    private static final Stripe[] TABLE = new Stripe[STRIPES];
    private static final AtomicLong IDS = new AtomicLong();
    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();
    private static final LongAdder CANCELLED = new LongAdder();
    private static final LongAdder KILLED = new LongAdder();

    static {
        for (int i = 0; i < STRIPES; i++) {
            TABLE[i] = new Stripe();
        }
    }

    private Registry() {}

    static long nextId() {
        return IDS.incrementAndGet();
    }

    static void add(Coroutine c) {
        stripe(c.id()).add(c);
        long n = COUNT.incrementAndGet();
        long p = PEAK.get();
        while (n > p && !PEAK.compareAndSet(p, n)) {
            p = PEAK.get();
        }
    }

    static void remove(Coroutine c) {
        if (stripe(c.id()).remove(c)) {
            COUNT.decrementAndGet();
        }
    }

    static Coroutine get(long id) {
        return id <= 0 ? null : stripe(id).get(id);
    }

    static List<Coroutine> list() {
        List<Coroutine> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, COUNT.get() + 64));
        for (Stripe s : TABLE) {
            s.copyTo(out);
        }
        return out;
    }

    static List<Suspension> suspensions() {
        List<Suspension> out = new ArrayList<>();
        for (Coroutine c : list()) {
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
        for (Stripe s : TABLE) {
            suspended += s.suspended();
        }
        return new CoStats(COUNT.get(), PEAK.get(), IDS.get(), suspended, IDS.get(), CANCELLED.sum(), KILLED.sum());
    }

    private static Stripe stripe(long id) {
        return TABLE[(int) id & (STRIPES - 1)];
    }

    /**
     * One open-addressing table with linear probing and backward-shift deletion (no tombstones).
     * It doubles above 3/4 load and halves below 1/8, so a burst of a million coroutines does not
     * leave a million-slot table behind.
     */
    static final class Stripe {
        private static final int MIN_SLOTS = 16;

        private Coroutine[] slots = new Coroutine[MIN_SLOTS];
        private int size;

        /** The home slot: the id without its stripe bits, spread so strided ids do not cluster. */
        private static int home(long id, int mask) {
            long h = (id >>> STRIPE_BITS) * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        synchronized void add(Coroutine c) {
            if ((size + 1) * 4L > slots.length * 3L) {
                resize(slots.length * 2);
            }
            insert(slots, c);
            size++;
        }

        synchronized boolean remove(Coroutine c) {
            Coroutine[] t = slots;
            int mask = t.length - 1;
            int i = home(c.id(), mask);
            for (Coroutine e; (e = t[i]) != c; i = (i + 1) & mask) {
                if (e == null) {
                    return false;
                }
            }
            t[i] = null;
            size--;
            // Shift later members of the probe run back into the hole, so lookups need no tombstone.
            for (int j = (i + 1) & mask; t[j] != null; j = (j + 1) & mask) {
                int k = home(t[j].id(), mask);
                boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
                if (!stays) {
                    t[i] = t[j];
                    t[j] = null;
                    i = j;
                }
            }
            if (t.length > MIN_SLOTS && size * 8L < t.length) {
                resize(t.length / 2);
            }
            return true;
        }

        synchronized Coroutine get(long id) {
            Coroutine[] t = slots;
            int mask = t.length - 1;
            for (int i = home(id, mask); t[i] != null; i = (i + 1) & mask) {
                if (t[i].id() == id) {
                    return t[i];
                }
            }
            return null;
        }

        synchronized void copyTo(List<Coroutine> out) {
            for (Coroutine c : slots) {
                if (c != null) {
                    out.add(c);
                }
            }
        }

        /** How many members wait in an operation; counted in place, without copying the stripe. */
        synchronized int suspended() {
            int n = 0;
            for (Coroutine c : slots) {
                if (c != null && c.suspension() != null) {
                    n++;
                }
            }
            return n;
        }

        synchronized int size() {
            return size;
        }

        synchronized int capacity() {
            return slots.length;
        }

        private void resize(int length) {
            Coroutine[] t = new Coroutine[length];
            for (Coroutine c : slots) {
                if (c != null) {
                    insert(t, c);
                }
            }
            slots = t;
        }

        private static void insert(Coroutine[] t, Coroutine c) {
            int mask = t.length - 1;
            int i = home(c.id(), mask);
            while (t[i] != null) {
                i = (i + 1) & mask;
            }
            t[i] = c;
        }
    }
}
