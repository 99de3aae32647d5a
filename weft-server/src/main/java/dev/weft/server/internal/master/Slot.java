package dev.weft.server.internal.master;

import java.time.Duration;

/**
 * One slot of a Worker: which child serves it, which replacement is starting for it during a reload, and
 * when it may be respawned after a crash. Touched only by the master loop.
 */
final class Slot {
    /** 0..count-1. */
    final int index;
    /** The child that holds the slot, or null. */
    ChildProcess serving;
    /** The child a rolling reload started to take the slot over once ready, or null. */
    ChildProcess replacing;
    /** Crashes in a row. */
    final Backoff backoff;
    /** Not respawned before this {@code nanoTime}. */
    long notBefore;

    Slot(int index, Duration backoffCap) {
        this.index = index;
        this.backoff = new Backoff(backoffCap);
    }

    /** Whether no child serves or is replacing here. */
    boolean empty() {
        return serving == null && replacing == null;
    }
}
