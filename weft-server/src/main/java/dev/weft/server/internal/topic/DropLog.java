package dev.weft.server.internal.topic;

import java.util.concurrent.atomic.AtomicLong;

/** A warning about dropped messages at most every 10 seconds per place, with the count so far. */
final class DropLog {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.topic");
    private static final long EVERY = 10_000_000_000L;
    private final AtomicLong next = new AtomicLong(System.nanoTime());

    /** Logs {@code what} and the total if the last line about it is old enough. */
    void dropped(String what, long total) {
        long now = System.nanoTime();
        long due = next.get();
        if (now - due >= 0 && next.compareAndSet(due, now + EVERY)) {
            LOG.log(System.Logger.Level.WARNING, what + " (" + total + " dropped so far)");
        }
    }
}
