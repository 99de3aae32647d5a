package dev.weft.server.internal.master;

import dev.weft.server.Worker;
import dev.weft.server.internal.posix.ListenSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The slots 0..count-1 of one Worker and its listening socket. The count starts at the Worker's
 * {@code count(n)} and changes when the Worker is scaled ({@code weft scale}, TTIN/TTOU) or when a reload
 * brings code with another {@code count(n)}. Touched only by the master loop.
 */
final class SlotTable {
    final Worker worker;
    final ListenSocket listener;
    private final Duration backoffCap;
    private final List<Slot> slots = new ArrayList<>();
    /** The {@code count(n)} of the code the master last saw (its own, then the children's hellos). */
    int codeCount;
    /** The Worker's standbys, starting or ready, oldest first. */
    final List<ChildProcess> standbys = new ArrayList<>();
    /** Standbys that died before they were ready, in a row. */
    final Backoff standbyBackoff;
    /** No standby is spawned before this {@code nanoTime}. */
    long standbyNotBefore;

    SlotTable(Worker worker, ListenSocket listener, Duration backoffCap) {
        this.worker = worker;
        this.listener = listener;
        this.backoffCap = backoffCap;
        this.codeCount = worker.count();
        this.standbyBackoff = new Backoff(backoffCap);
        resize(worker.count());
    }

    int count() {
        return slots.size();
    }

    Slot slot(int index) {
        return slots.get(index);
    }

    /**
     * Sets the number of slots: new ones are empty (the loop spawns their children); removed ones are the
     * highest, returned so the loop can retire their children.
     */
    List<Slot> resize(int count) {
        while (slots.size() < count) slots.add(new Slot(slots.size(), backoffCap));
        List<Slot> removed = new ArrayList<>();
        while (slots.size() > count) removed.add(slots.removeLast());
        return removed;
    }

    /** The oldest ready standby of reload generation {@code generation} or later, or null. */
    ChildProcess readyStandby(long generation) {
        for (ChildProcess c : standbys) if (c.ready && c.generation >= generation) return c;
        return null;
    }

    /** Whether a standby of generation {@code generation} or later is starting (not ready yet). */
    boolean standbyStarting(long generation) {
        for (ChildProcess c : standbys) if (!c.ready && c.generation >= generation) return true;
        return false;
    }

    /** The listen URL actually bound, or {@code none}. */
    String listening() {
        return listener != null ? listener.url() : "none";
    }

    /** How many slots have a serving child that reported ready. */
    int readySlots() {
        int n = 0;
        for (Slot s : slots) if (s.serving != null && s.serving.ready) n++;
        return n;
    }

    /** Whether every slot has a serving child that reported ready. */
    boolean allReady() {
        for (Slot s : slots) if (s.serving == null || !s.serving.ready) return false;
        return true;
    }
}
