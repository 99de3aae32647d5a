package dev.weft.coroutine.process;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.FutureWait;
import dev.weft.coroutine.internal.poll.ReadyWait;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Cancellable waits for processes. The coroutine waits in a suspension named
 * {@code process.wait <pid>}, woken by the JDK's {@code onExit} completion. Conventions as in
 * {@link dev.weft.coroutine.net.CoSocket}.
 */
public final class CoProcess {
    /** Readers of child output: one per stream, blocked on a pipe, so a cached pool of daemon threads. */
    private static final ExecutorService PIPES = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("weft-process-io-", 0).factory());

    private CoProcess() {}

    /**
     * What {@link #exec} returns.
     *
     * @param exitCode the child's exit code
     * @param stdout   its standard output, decoded as UTF-8
     * @param stderr   its standard error, decoded as UTF-8
     */
    public record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Runs {@code command} and collects its exit code and output. Unlike {@link #waitPid}, exec
     * owns its child: on cancel, timeout or kill it destroys the child forcibly (nobody is left to
     * read its output).
     *
     * @return the result, or null on cancel or timeout
     * @throws IOException when the command cannot be started
     */
    public static Result exec(Duration timeout, String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw ReadyWait.failed(e);
        }
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        CompletableFuture<Result> all =
                p.onExit().thenCombine(out, (proc, o) -> o).thenCombine(err, (o, e) -> new Result(p.exitValue(), o, e));
        return FutureWait.await(all, "process.wait " + p.pid(), Suspension.deadline(timeout), f -> p.destroyForcibly());
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (in) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                PIPES);
    }

    /**
     * Waits for a child started by this JVM to exit. Cancel and timeout never touch the child:
     * it keeps running (Swoole's {@code wait} semantics).
     *
     * @return its exit code, or null on cancel or timeout
     */
    public static Integer waitPid(Process process, Duration timeout) throws IOException {
        return FutureWait.await(
                process.onExit().thenApply(Process::exitValue),
                "process.wait " + process.pid(),
                Suspension.deadline(timeout),
                f -> {});
    }

    /**
     * Waits for any process to exit (its exit code is not available through {@link ProcessHandle}).
     * Cancel and timeout never touch the process.
     *
     * @return true when it has exited; false on cancel or timeout
     */
    public static boolean waitPid(ProcessHandle process, Duration timeout) throws IOException {
        return FutureWait.await(
                        process.onExit(), "process.wait " + process.pid(), Suspension.deadline(timeout), f -> {})
                != null;
    }

    /**
     * Waits for the process with id {@code pid} to exit; see {@link #waitPid(ProcessHandle, Duration)}.
     * An unknown pid has already exited: true at once.
     */
    public static boolean waitPid(long pid, Duration timeout) throws IOException {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            Co.setLastError(CoError.NONE);
            return true;
        }
        return waitPid(h.get(), timeout);
    }
}
