package dev.weft.server.internal.master;

import dev.weft.server.internal.ipc.Peer;

/**
 * The master's record of one child process. Fields marked "loop" are read and written only by the master
 * loop; the volatile ones are also written off the loop (the fields a heartbeat answer set before heartbeat answers became loop events).
 * Status threads never read it: they read the {@link MasterSnapshot}.
 */
final class ChildProcess {
    /** What the child is for. */
    enum Role {
        /** Holds its slot. */
        SERVING,
        /** Started by a rolling reload to take over a slot once ready. */
        REPLACEMENT,
        /** Told to stop; no longer holds a slot. */
        RETIRING,
        /** A warm standby: runs the program, holds no slot, and takes one when the master gives it. */
        STANDBY
    }

    final long pid;
    final SlotTable table;
    /** loop: the slot index, -1 for a standby that was never given one. */
    int slot;
    /** loop: the slot object it serves or replaces (it may since have been removed by a scale down); null for a standby. */
    Slot home;

    /** loop: when it was spawned, or when it took its slot as a standby (for the crash window and the ready timeout). */
    long spawnedAt;
    /** The reload generation when it was spawned: a reload for a later generation replaces it. */
    final long generation;

    volatile Role role;
    volatile Peer link;
    volatile long lastAnswer;
    volatile boolean ready;
    /** When it was spawned, for its uptime in status. */
    final java.time.Instant startedAt = java.time.Instant.now();
    /** loop: requests served, from its last heartbeat answer. */
    long requests;
    /** loop: recycled once past this many requests; 0 for never. */
    long requestLimit;
    /** loop: when the master last read its memory. */
    long memoryCheckedAt;
    /** loop: why a replacement was started to recycle it, or null. */
    String recycleReason;
    /** loop: no recycling attempt before this time (after a failed one). */
    long recycleNotBefore;
    /** loop: it was retired because it was recycled. */
    boolean recycled;
    /** loop: when the child last got a ping. */
    long lastPing;
    /** loop: SIGKILL deadline (System.nanoTime), 0 for none. */
    long killAt;
    /** loop: the master already sent SIGKILL. */
    boolean killed;
    /** loop: its control link reached EOF (the process is exiting). */
    boolean linkClosed;

    ChildProcess(long pid, SlotTable table, int slot, Role role, long now, long generation) {
        this.generation = generation;
        this.pid = pid;
        this.table = table;
        this.slot = slot;
        this.home = slot >= 0 ? table.slot(slot) : null;
        this.role = role;
        this.spawnedAt = now;
        this.lastAnswer = now;
        this.lastPing = now;
    }

    /**
     * A standby becomes a slot's child: its role, its slot, and a fresh start time, since from now on it
     * must report ready as a spawned child would.
     */
    void take(Slot s, Role asRole, long now) {
        role = asRole;
        slot = s.index;
        home = s;
        ready = false;
        spawnedAt = now;
        lastAnswer = now;
        lastPing = now;
    }

    String tag() {
        return "worker[" + table.worker.name() + ":" + pid + "]";
    }
}
