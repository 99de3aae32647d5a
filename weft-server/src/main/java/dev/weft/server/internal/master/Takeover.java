package dev.weft.server.internal.master;

import dev.weft.control.Json;
import dev.weft.server.Worker;
import dev.weft.server.internal.child.ChildEnv;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.posix.ListenSocket;
import dev.weft.server.internal.posix.Posix;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The new master's side of {@code weft upgrade}: present when the old master started this process to take
 * over ({@link ChildEnv#UPGRADE_NOTIFY} is set). It adopts the inherited listening sockets, binds its control
 * and worker sockets beside the old ones ({@link #temporary}) until every process is ready, and then the master
 * renames them over the old paths, writes the pid file and says "ready" to the old master, which retires.
 */
final class Takeover {
    private final long from;
    private final Path notify;
    private final InheritedListeners listeners;

    private Takeover(long from, Path notify, InheritedListeners listeners) {
        this.from = from;
        this.notify = notify;
        this.listeners = listeners;
    }

    /** Whether this process was started by an upgrade to take over. */
    static boolean requested() {
        return System.getenv(ChildEnv.UPGRADE_NOTIFY) != null;
    }

    /**
     * From the environment the old master set, or null outside an upgrade.
     *
     * @throws IllegalArgumentException if the variables are malformed
     */
    static Takeover fromEnvironment() {
        String notify = System.getenv(ChildEnv.UPGRADE_NOTIFY);
        if (notify == null) return null;
        long from;
        try {
            from = Long.parseLong(System.getenv().getOrDefault(ChildEnv.UPGRADE_FROM, "0"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + ChildEnv.UPGRADE_FROM);
        }
        return new Takeover(from, Path.of(notify), InheritedListeners.parse(System.getenv(ChildEnv.UPGRADE_LISTENERS)));
    }

    /** The old master's pid. */
    long from() {
        return from;
    }

    /** The inherited socket for this Worker, or null: the master then opens one. */
    ListenSocket listener(Worker w) {
        if (w.listen() == null) return null;
        InheritedListeners.Entry e = listeners.claim(w.name(), w.listen());
        return e == null ? null : ListenSocket.adopt(e.fd(), e.bound());
    }

    /** Closes the inherited sockets no Worker of this code took (its old master closes its copy at exit). */
    void closeUnclaimed() {
        for (InheritedListeners.Entry e : listeners.unclaimed()) Posix.close(e.fd());
    }

    /**
     * At the hand-over: removes the files of inherited Unix sockets no Worker of this code took (their Worker
     * is gone, and the old master, which retires now, leaves them to this one).
     */
    void unlinkUnclaimed() {
        for (InheritedListeners.Entry e : listeners.unclaimed()) {
            if (ListenSocket.isUnix(e.bound()))
                ListenSocket.adopt(-1, e.bound()).unlink();
        }
    }

    /** Where this master binds {@code path}'s socket until the hand-over: beside it, named by this pid. */
    static Path temporary(Path path) {
        return temporary(path, ProcessHandle.current().pid());
    }

    /** {@link #temporary(Path)} of the master {@code pid}. */
    static Path temporary(Path path, long pid) {
        return path.resolveSibling(path.getFileName() + "." + pid);
    }

    /** Tells the old master that this one has taken over. */
    void ready(int processes) throws IOException {
        try (JsonLineChannel ch = JsonLineChannel.connect(notify)) {
            ch.send(Json.object()
                    .put("ready", true)
                    .put("pid", ProcessHandle.current().pid())
                    .put("processes", processes));
        }
    }
}
