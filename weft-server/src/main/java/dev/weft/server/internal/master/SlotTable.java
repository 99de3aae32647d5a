package dev.weft.server.internal.master;

import dev.weft.server.Worker;
import dev.weft.server.internal.posix.ListenSocket;
import java.time.Duration;

/**
 * The slots 0..count-1 of one Worker: which child serves each slot, which replacement is starting for it
 * during a reload, and when a crashed slot may be respawned. Touched only by the master loop.
 */
final class SlotTable {
    final Worker worker;
    final ListenSocket listener;
    final ChildProcess[] serving;
    final ChildProcess[] replacing;
    final Backoff[] backoff;
    final long[] notBefore;

    SlotTable(Worker worker, ListenSocket listener, Duration backoffCap) {
        this.worker = worker;
        this.listener = listener;
        int n = worker.count();
        this.serving = new ChildProcess[n];
        this.replacing = new ChildProcess[n];
        this.backoff = new Backoff[n];
        this.notBefore = new long[n];
        for (int i = 0; i < n; i++) backoff[i] = new Backoff(backoffCap);
    }

    int count() {
        return serving.length;
    }

    /** Whether every slot has a serving child that reported ready. */
    boolean allReady() {
        for (ChildProcess c : serving) if (c == null || !c.ready) return false;
        return true;
    }
}
