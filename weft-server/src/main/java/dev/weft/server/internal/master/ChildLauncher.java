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

    /** A child's resident memory in bytes (0 if unknown). */
    long rss(long pid);

    /** Reaps a child if it has exited, without blocking; null while it runs. */
    WaitStatus reap(long pid);

    /** Where children started from now on find the master's worker and topic sockets. */
    default void sockets(java.nio.file.Path worker, java.nio.file.Path topic) {}

    /**
     * Starts a new master from the code on disk for {@code weft upgrade}, handing it these listening sockets,
     * and reports its fate once to {@code events}: {@link MasterEvent.UpgradeReady} when it has taken over,
     * or {@link MasterEvent.UpgradeFailed} if it exited or was not ready in time (it is then stopped).
     *
     * @param listeners the sockets, with their descriptors in this process
     * @return the new master's pid
     * @throws RuntimeException if it could not be started
     */
    default long spawnMaster(
            java.util.List<InheritedListeners.Entry> listeners, java.util.function.Consumer<MasterEvent> events) {
        throw new UnsupportedOperationException("this launcher cannot start a master");
    }
}
