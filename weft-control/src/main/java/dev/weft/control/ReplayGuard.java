package dev.weft.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers the nonces of accepted messages for as long as their timestamp is inside the window,
 * so a captured message published again is refused. Older entries are purged now and then: a
 * message that old is refused by its timestamp anyway.
 */
final class ReplayGuard {
    private static final int PURGE_EVERY = 1024;
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicInteger inserts = new AtomicInteger();
    private final long windowMillis;

    ReplayGuard(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * Records {@code nonce} of a message stamped {@code ts}.
     *
     * @return false if the nonce was seen within the window (a replay)
     */
    boolean firstSeen(String nonce, long ts, long now) {
        if (inserts.incrementAndGet() % PURGE_EVERY == 0) {
            seen.values().removeIf(expiry -> expiry < now);
        }
        Long expiry = ts + windowMillis;
        Long previous = seen.putIfAbsent(nonce, expiry);
        if (previous == null) {
            return true;
        }
        if (previous < now) {
            // Seen long ago: its entry was due for purging; this copy is judged by its own timestamp.
            return seen.replace(nonce, previous, expiry);
        }
        return false;
    }

    int size() {
        return seen.size();
    }
}
