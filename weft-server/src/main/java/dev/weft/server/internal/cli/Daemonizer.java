package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.Settings;
import dev.weft.server.internal.child.ChildEnv;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.master.JavaCommand;
import dev.weft.server.internal.posix.Posix;
import dev.weft.server.internal.posix.SpawnSpec;
import dev.weft.server.internal.posix.WaitStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code start -d} without fork: re-executes this program as {@code start} in a new session (setsid via
 * POSIX_SPAWN_SETSID) with stdin from /dev/null and stdout+stderr appended to the stdout file, then waits
 * on a one-shot AF_UNIX socket for the master's "every child is ready", or for the master's exit.
 */
final class Daemonizer {
    private static final long READY_TIMEOUT_S = 120;
    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;

    Daemonizer(Settings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    int start() {
        String app = "Weft[" + settings.appName() + "]";
        Path notify = settings.runDir()
                .resolve(
                        settings.appName() + ".start-" + ProcessHandle.current().pid() + ".sock");
        try {
            Files.createDirectories(settings.runDir());
            Path stdout = settings.stdoutFile().toAbsolutePath();
            Files.createDirectories(stdout.getParent());
            Files.deleteIfExists(notify);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(notify));
                List<String> env = ChildEnv.inherited();
                env.add(ChildEnv.DAEMON_NOTIFY + "=" + notify.toAbsolutePath());
                JavaCommand cmd = JavaCommand.current();
                List<String> props = System.getProperty("weft.metrics") == null
                        ? List.of()
                        : List.of("-Dweft.metrics=" + System.getProperty("weft.metrics"));
                SpawnSpec spec = new SpawnSpec(cmd.java(), cmd.argv(props, List.of("start")), env)
                        .newSession(true)
                        .open(0, "/dev/null", Posix.O_RDONLY, 0)
                        .open(1, stdout.toString(), Posix.O_WRONLY | Posix.O_CREAT | Posix.O_APPEND, 0644)
                        .dup2(1, 2);
                long pid = Posix.spawn(spec);

                CompletableFuture<Object> outcome = new CompletableFuture<>();
                Thread.ofPlatform().daemon().name("weft-daemon-ready").start(() -> {
                    try (JsonLineChannel ch = new JsonLineChannel(server.accept())) {
                        JsonNode msg = ch.receive();
                        outcome.complete(msg != null ? msg : new IOException("empty readiness message"));
                    } catch (IOException e) {
                        outcome.complete(e);
                    }
                });
                Thread.ofPlatform().daemon().name("weft-daemon-wait").start(() -> {
                    WaitStatus ws = Posix.waitpid(pid, 0);
                    outcome.complete(ws != null ? ws : new IOException("lost track of the master"));
                });
                Object r;
                try {
                    r = outcome.get(READY_TIMEOUT_S, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    err.println(app + " master " + pid + " not ready after " + READY_TIMEOUT_S + " s; see " + stdout);
                    err.flush();
                    return ExitCodes.ERROR;
                }
                if (r instanceof JsonNode msg) {
                    out.println(app + " started in daemon mode: master pid "
                            + msg.path("pid").asLong() + ", "
                            + msg.path("processes").asInt() + " processes; output in " + stdout);
                    out.flush();
                    return ExitCodes.OK;
                }
                if (r instanceof WaitStatus ws) {
                    err.println(app + " failed to start: the master ended with " + ws + "; see " + stdout);
                } else {
                    err.println(app + " failed to start: " + r);
                }
                err.flush();
                return ExitCodes.ERROR;
            }
        } catch (Exception e) {
            err.println(app + " failed to start as a daemon: " + e.getMessage());
            err.flush();
            return ExitCodes.ERROR;
        } finally {
            try {
                Files.deleteIfExists(notify);
            } catch (IOException ignored) {
                // a leftover one-shot socket file is harmless
            }
        }
    }
}
