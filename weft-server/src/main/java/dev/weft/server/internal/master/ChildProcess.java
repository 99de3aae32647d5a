package dev.weft.server.internal.master;

import dev.weft.server.internal.ipc.Peer;

/**
 * The master's record of one child process. Fields marked "loop" are read and written only by the master
 * loop; the volatile ones are also written off the loop (a heartbeat answer sets {@link #lastAnswer}).
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
    final long spawnedAt;
    volatile Role role;
    volatile Peer link;
    volatile long lastAnswer;
    volatile boolean ready;
    /** loop: when the child last got a ping. */
    long lastPing;
    /** loop: SIGKILL deadline (System.nanoTime), 0 for none. */
    long killAt;
    /** loop: the master already sent SIGKILL. */
    boolean killed;
    /** loop: its control link reached EOF (the process is exiting). */
    boolean linkClosed;

    ChildProcess(long pid, SlotTable table, int slot, Role role, long now) {
        this.pid = pid;
        this.table = table;
        this.slot = slot;
        this.role = role;
        this.spawnedAt = now;
        this.lastAnswer = now;
        this.lastPing = now;
    }

    String tag() {
        return "worker[" + table.worker.name() + ":" + pid + "]";
    }
}
