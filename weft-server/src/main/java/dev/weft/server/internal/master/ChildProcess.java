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
        RETIRING
    }

    final long pid;
    final SlotTable table;
    final int slot;
    /** The slot object it was spawned for (it may since have been removed by a scale down). */
    final Slot home;

    final long spawnedAt;
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
        this.home = table.slot(slot);
        this.role = role;
        this.spawnedAt = now;
        this.lastAnswer = now;
        this.lastPing = now;
    }

    String tag() {
        return "worker[" + table.worker.name() + ":" + pid + "]";
    }
}
