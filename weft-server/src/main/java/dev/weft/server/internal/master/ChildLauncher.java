package dev.weft.server.internal.master;

import dev.weft.server.Worker;
import dev.weft.server.internal.posix.ListenSocket;
import dev.weft.server.internal.posix.WaitStatus;

/**
 * Everything the master does to a child process: start it, signal it, reap it. The master loop only
 * decides; this interface acts, so the decisions can be tested with a fake and no real process.
 */
interface ChildLauncher {
    /**
     * Starts a child for one slot of a Worker.
     *
     * @param worker   the Worker the child runs
     * @param slot     the slot it takes, 0..count-1
     * @param listener the Worker's listening socket, or null for a Worker without a listen URL
     * @return the child's pid
     * @throws RuntimeException if the child could not be started
     */
    long spawn(Worker worker, int slot, ListenSocket listener);

    /** Asks a child to stop (SIGTERM): for a child that has no link to be told through yet. */
    void terminate(long pid);

    /** Kills a child (SIGKILL). */
    void kill(long pid);

    /** Reaps a child if it has exited, without blocking; null while it runs. */
    WaitStatus reap(long pid);
}
