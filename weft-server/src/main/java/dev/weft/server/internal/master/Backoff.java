package dev.weft.server.internal.master;

import java.time.Duration;

/**
 * Exponential delay for a slot whose children keep crashing: 100 ms after the first crash, then doubling,
 * capped (10 s by default). A child that lives past the crash window resets it.
 */
final class Backoff {
    static final Duration BASE = Duration.ofMillis(100);
    private final Duration cap;
    private int crashes;

    Backoff(Duration cap) {
        this.cap = cap;
    }

    /** Records one more crash and returns how long to wait before the next spawn. */
    Duration crashed() {
        crashes++;
        long ms = BASE.toMillis() << Math.min(crashes - 1, 20);
        return Duration.ofMillis(Math.min(ms, cap.toMillis()));
    }

    /** A child lived long enough: forget the crashes. */
    void reset() {
        crashes = 0;
    }

    /** Consecutive crashes so far. */
    int crashes() {
        return crashes;
    }
}
