package dev.weft.server.internal.master;

import dev.weft.server.Worker;
import dev.weft.server.internal.posix.ListenSocket;
import java.time.Duration;

/** The slots 0..count-1 of one Worker and its listening socket. Touched only by the master loop. */
final class SlotTable {
    final Worker worker;
    final ListenSocket listener;
    private final Slot[] slots;

    SlotTable(Worker worker, ListenSocket listener, Duration backoffCap) {
        this.worker = worker;
        this.listener = listener;
        this.slots = new Slot[worker.count()];
        for (int i = 0; i < slots.length; i++) slots[i] = new Slot(i, backoffCap);
    }

    int count() {
        return slots.length;
    }

    Slot slot(int index) {
        return slots[index];
    }

    /** The listen URL actually bound, or {@code none}. */
    String listening() {
        return listener != null ? listener.url() : "none";
    }

    /** Whether every slot has a serving child that reported ready. */
    boolean allReady() {
        for (Slot s : slots) if (s.serving == null || !s.serving.ready) return false;
        return true;
    }
}
