package dev.weft.server.internal.master;

import dev.weft.coroutine.EventLoops;
import dev.weft.server.Worker;
import dev.weft.server.internal.child.ChildEnv;
import dev.weft.server.internal.posix.ListenSocket;
import dev.weft.server.internal.posix.Posix;
import dev.weft.server.internal.posix.SpawnSpec;
import dev.weft.server.internal.posix.WaitStatus;
import dev.weft.server.internal.status.ProcMemory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@link ChildLauncher}: runs this same program again in a fresh JVM with posix_spawn, in a
 * process group of its own, with the Worker's listening socket on fd 0 and the child's identity in its
 * environment ({@link ChildEnv}).
 */
final class PosixLauncher implements ChildLauncher {
    private static final String PARALLELISM = "-Djdk.virtualThreadScheduler.parallelism=";
    private static final String OPENS_JAVA_LANG = "--add-opens=java.base/java.lang=";
    private final JavaCommand command;
    private volatile Path workerSocket;
    private volatile Path topicSocket;

    /**
     * @param command      the command line of this program
     * @param workerSocket the AF_UNIX socket children connect to
     * @param topicSocket  the AF_UNIX socket of the master's topic hub
     */
    PosixLauncher(JavaCommand command, Path workerSocket, Path topicSocket) {
        this.command = command;
        this.workerSocket = workerSocket;
        this.topicSocket = topicSocket;
    }

    @Override
    public long spawn(Worker worker, int slot, ListenSocket listener) {
        return Posix.spawn(spec(worker, slot, listener));
    }

    /** The argv, environment and file descriptors of a child. */
    SpawnSpec spec(Worker worker, int slot, ListenSocket listener) {
        List<String> extra = new ArrayList<>();
        boolean hasParallelism = command.jvmArgs().stream().anyMatch(a -> a.startsWith(PARALLELISM))
                || worker.jvmOptions().stream().anyMatch(a -> a.startsWith(PARALLELISM));
        // One carrier per child, like one Workerman process per core; and a child stuck in a CPU loop
        // really stops answering heartbeats.
        if (!hasParallelism) extra.add(PARALLELISM + "1");
        // Coroutines run on Weft's event loops only with java.lang opened (else the child warns and
        // falls back to the JDK's scheduler): a master started without the flag still gives it.
        boolean opened = command.jvmArgs().stream().anyMatch(a -> a.startsWith(OPENS_JAVA_LANG))
                || worker.jvmOptions().stream().anyMatch(a -> a.startsWith(OPENS_JAVA_LANG));
        if (!opened) extra.add(EventLoops.ADD_OPENS);
        extra.addAll(worker.jvmOptions());
        List<String> env = ChildEnv.inherited();
        env.add(ChildEnv.WORKER_INDEX + "=" + worker.index());
        env.add(ChildEnv.WORKER_NAME + "=" + worker.name());
        env.add(ChildEnv.SLOT + "=" + slot);
        env.add(ChildEnv.MASTER_SOCKET + "=" + workerSocket.toAbsolutePath());
        env.add(ChildEnv.TOPIC_SOCKET + "=" + topicSocket.toAbsolutePath());
        if (listener != null) env.add(ChildEnv.LISTENING + "=" + listener.url());
        SpawnSpec spec = new SpawnSpec(command.java(), command.argv(extra), env).newProcessGroup(true);
        if (listener != null) spec.dup2(listener.fd(), 0);
        else spec.open(0, "/dev/null", Posix.O_RDONLY, 0);
        return spec;
    }

    @Override
    public void sockets(Path worker, Path topic) {
        this.workerSocket = worker;
        this.topicSocket = topic;
    }

    @Override
    public long spawnMaster(List<InheritedListeners.Entry> listeners, java.util.function.Consumer<MasterEvent> events) {
        return UpgradeSpawn.start(command, workerSocket.toAbsolutePath().getParent(), listeners, events);
    }

    @Override
    public void terminate(long pid) {
        Posix.kill(pid, Posix.SIGTERM);
    }

    @Override
    public void kill(long pid) {
        Posix.kill(pid, Posix.SIGKILL);
    }

    @Override
    public long rss(long pid) {
        return ProcMemory.rss(pid);
    }

    @Override
    public WaitStatus reap(long pid) {
        return Posix.waitpid(pid, Posix.WNOHANG);
    }
}
