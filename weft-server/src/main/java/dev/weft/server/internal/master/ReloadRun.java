package dev.weft.server.internal.master;

import java.util.HashSet;
import java.util.Set;

/**
 * One rolling reload in progress: it replaces, one slot at a time, every reloadable slot whose child is
 * older than its generation, and ends once the old processes it retired have exited. A replacement that
 * does not become ready is retried with backoff, {@link #ATTEMPTS} times in all, while the slot keeps its
 * old child; after that the reload gives the slot up, goes on with the others, and ends as failed.
 * Touched only by the master loop.
 */
final class ReloadRun {
    /** Tries per slot before the reload gives it up. */
    static final int ATTEMPTS = 3;

    /** Replaces children spawned before this generation. */
    final long generation;

    final boolean graceful;
    /** Old children this reload told to retire, not yet reaped. */
    final Set<Long> retirees = new HashSet<>();
    /** Slots whose replacement failed every attempt: they keep their old child. */
    final Set<Slot> givenUp = new HashSet<>();
    /** The slot being replaced, or null between steps. */
    SlotTable stepTable;

    Slot step;
    /** Failed attempts at the current step. */
    int attempts;
    /** No new attempt at the current step before this {@code nanoTime}. */
    long retryAt;
    /** Why the reload failed (the first slot given up), or null. */
    String failure;

    ReloadRun(long generation, boolean graceful) {
        this.generation = generation;
        this.graceful = graceful;
    }
}
