package dev.weft.server.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.internal.child.ChildEnv;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.posix.Posix;
import dev.weft.server.internal.posix.SpawnSpec;
import dev.weft.server.internal.posix.WaitStatus;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The old master's side of {@code weft upgrade}: runs this program again ({@code start} with the same
 * arguments, from the code on disk) with the listening sockets as descriptors 3, 4, ... and the variables
 * that make it take over ({@link Takeover}), then waits on a one-shot AF_UNIX socket for its "ready", for its
 * exit, or for {@link #TIMEOUT}, and reports the outcome as one master event.
 */
final class UpgradeSpawn {
    /** How long the new master may take to have every process ready. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.master");

    private UpgradeSpawn() {}

    /**
     * @param runDir    where the one-shot notify socket goes
     * @param listeners the sockets to hand over, with their descriptors in this process
     * @return the new master's pid
     */
    static long start(
            JavaCommand command, Path runDir, List<InheritedListeners.Entry> listeners, Consumer<MasterEvent> events) {
        Path notify = runDir.resolve("upgrade-" + ProcessHandle.current().pid() + ".sock");
        ServerSocketChannel server;
        try {
            Files.deleteIfExists(notify);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(notify));
            Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + notify + ": " + e.getMessage(), e);
        }
        List<InheritedListeners.Entry> passed = new ArrayList<>();
        List<String> env = ChildEnv.inherited();
        SpawnSpec spec;
        for (int i = 0; i < listeners.size(); i++) {
            InheritedListeners.Entry e = listeners.get(i);
            passed.add(new InheritedListeners.Entry(3 + i, e.worker(), e.configured(), e.bound()));
        }
        env.add(ChildEnv.UPGRADE_NOTIFY + "=" + notify.toAbsolutePath());
        env.add(ChildEnv.UPGRADE_LISTENERS + "=" + InheritedListeners.format(passed));
        env.add(ChildEnv.UPGRADE_FROM + "=" + ProcessHandle.current().pid());
        // The user's arguments exactly, as start -d does: the variables, not the arguments, say "take over".
        spec = new SpawnSpec(command.java(), command.argv(List.of()), env);
        for (InheritedListeners.Entry e : listeners) spec.pass(e.fd());
        long pid;
        try {
            pid = Posix.spawn(spec);
        } catch (RuntimeException e) {
            cleanUp(server, notify);
            throw e;
        }
        CompletableFuture<MasterEvent> outcome = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("weft-upgrade-ready").start(() -> {
            try (JsonLineChannel ch = new JsonLineChannel(server.accept())) {
                JsonNode msg = ch.receive();
                outcome.complete(
                        msg != null && msg.path("ready").asBoolean()
                                ? new MasterEvent.UpgradeReady(pid)
                                : new MasterEvent.UpgradeFailed(pid, "the new master " + pid + " sent no ready"));
            } catch (IOException e) {
                outcome.complete(new MasterEvent.UpgradeFailed(pid, "cannot hear the new master: " + e.getMessage()));
            }
        });
        Thread.ofPlatform().daemon().name("weft-upgrade-wait").start(() -> {
            WaitStatus ws = Posix.waitpid(pid, 0);
            outcome.complete(new MasterEvent.UpgradeFailed(
                    pid, "the new master " + pid + " ended (" + ws + ") before it was ready; see the log"));
        });
        Thread.ofPlatform().daemon().name("weft-upgrade").start(() -> {
            MasterEvent result;
            try {
                result = outcome.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "new master " + pid + " not ready in " + TIMEOUT.toSeconds() + " s; stopping it");
                Posix.kill(pid, Posix.SIGTERM); // it stops its own children
                result = new MasterEvent.UpgradeFailed(
                        pid, "the new master " + pid + " was not ready in " + TIMEOUT.toSeconds() + " s; stopped it");
            } catch (Exception e) {
                result = new MasterEvent.UpgradeFailed(pid, e.toString());
            }
            cleanUp(server, notify);
            events.accept(result);
        });
        return pid;
    }

    private static void cleanUp(ServerSocketChannel server, Path notify) {
        try {
            server.close();
            Files.deleteIfExists(notify);
        } catch (IOException ignored) {
            // a leftover one-shot socket is harmless
        }
    }
}
