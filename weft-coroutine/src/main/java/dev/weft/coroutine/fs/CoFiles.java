package dev.weft.coroutine.fs;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.KilledException;
import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.BlockingPool;
import dev.weft.coroutine.internal.FutureWait;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Cancellable file I/O for coroutines: every call runs on a bounded pool of platform threads
 * ({@code -Dweft.io.fileThreads}, default 4) and the coroutine awaits it in a suspension named
 * {@code file.read <path>}, {@code file.write <path>} or {@code file.lock <path>}. Conventions as
 * in {@link dev.weft.coroutine.net.CoSocket}: cancel/timeout return null or false with {@link Co#lastError()} set, I/O
 * errors throw {@link IOException} with {@link CoError#IO_ERROR}.
 *
 * <h2>What cancel does to I/O already issued</h2>
 * Cancel, timeout and kill abandon the <em>wait</em> at once; they never interrupt the pool thread
 * (an interrupt would close the channel mid-write). A call still queued when abandoned is dropped
 * and never runs: nothing is read or written. A call already running completes in the background:
 * an abandoned write may still write all of its data (or fail part-way, as any write can), and
 * the caller is not told. Callers that need all-or-nothing should write to a temporary file and
 * rename it.
 */
public final class CoFiles {
    private static final BlockingPool POOL =
            new BlockingPool("weft-file", Integer.getInteger("weft.io.fileThreads", 4));

    private CoFiles() {}

    /** Reads the whole file; null on cancel or timeout. */
    public static byte[] readAllBytes(Path path, Duration timeout) throws IOException {
        return FutureWait.awaitPooled(
                POOL.submit(() -> Files.readAllBytes(path)),
                "file.read " + path,
                Suspension.deadline(timeout),
                f -> f.cancel(false));
    }

    /**
     * Reads up to {@code length} bytes from {@code position}.
     *
     * @return the bytes read (fewer at end of file, empty past it); null on cancel or timeout
     */
    public static byte[] read(Path path, long position, int length, Duration timeout) throws IOException {
        return FutureWait.awaitPooled(
                POOL.submit(() -> readRange(path, position, length)),
                "file.read " + path,
                Suspension.deadline(timeout),
                f -> f.cancel(false));
    }

    private static byte[] readRange(Path path, long position, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            long at = position;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
            byte[] out = new byte[buf.position()];
            buf.flip().get(out);
            return out;
        }
    }

    /** Writes {@code data} as the whole file (created or truncated); false on cancel or timeout. */
    public static boolean write(Path path, byte[] data, Duration timeout) throws IOException {
        return writeWith(path, timeout, () -> Files.write(path, data));
    }

    /** Appends {@code data} to the file (created if missing); false on cancel or timeout. */
    public static boolean append(Path path, byte[] data, Duration timeout) throws IOException {
        return writeWith(
                path,
                timeout,
                () -> Files.write(
                        path, data, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Writes {@code data} at {@code position} (the file is created if missing); false on cancel or timeout. */
    public static boolean write(Path path, long position, byte[] data, Duration timeout) throws IOException {
        return writeWith(path, timeout, () -> {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                long at = position;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
            }
            return path;
        });
    }

    private static boolean writeWith(Path path, Duration timeout, BlockingPool.Call<?> call) throws IOException {
        return FutureWait.awaitPooled(
                        POOL.submit(call), "file.write " + path, Suspension.deadline(timeout), f -> f.cancel(false))
                != null;
    }

    /**
     * Locks the whole file, opening it (created if missing; read-only for a shared lock). Close the
     * returned lock to release it and close the file.
     *
     * @see #lock(FileChannel, boolean, Duration)
     */
    public static CoFileLock lock(Path path, boolean shared, Duration timeout) throws IOException {
        FileChannel ch = shared
                ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            CoFileLock l = lock(ch, true, shared, timeout, "file.lock " + path);
            if (l == null) {
                closeWhenSettled(ch);
            }
            return l;
        } catch (IOException | RuntimeException e) {
            closeWhenSettled(ch);
            throw e;
        }
    }

    /**
     * Locks the whole of {@code channel}: the uncancellable case. While the coroutine waits,
     * {@link Co#cancel(long)} answers {@link CoError#CO_CANNOT_CANCEL} (the JDK cannot withdraw a
     * pending {@code fcntl} lock without closing the file); a kill is delivered when the lock call
     * returns, after the lock is released. The timeout still applies: at the deadline the wait is
     * abandoned (null, {@link CoError#CO_TIMEDOUT}) and a lock granted later is released at once.
     *
     * @return the lock, or null on timeout
     */
    public static CoFileLock lock(FileChannel channel, boolean shared, Duration timeout) throws IOException {
        return lock(channel, false, shared, timeout, "file.lock " + channel);
    }

    private static CoFileLock lock(FileChannel ch, boolean ownsChannel, boolean shared, Duration timeout, String event)
            throws IOException {
        CompletableFuture<FileLock> f = POOL.submit(() -> ch.lock(0, Long.MAX_VALUE, shared));
        Suspension s = Suspension.begin(event, false);
        CoFileLock result = null;
        boolean woken = false;
        try {
            f.whenComplete((r, e) -> s.wake());
            woken = s.await(Suspension.deadline(timeout)) == Suspension.Outcome.WOKEN;
            if (!woken) {
                // Abandoned: whoever wins, the lock must not outlive us.
                f.cancel(false);
                f.thenAccept(l -> new CoFileLock(l, false).closeQuietly());
            }
        } finally {
            try {
                s.end();
            } catch (KilledException killed) {
                if (woken) {
                    releaseQuietly(f);
                }
                throw killed;
            }
        }
        if (woken) {
            result = new CoFileLock(FutureWait.result(f), ownsChannel);
        }
        return result;
    }

    private static void releaseQuietly(CompletableFuture<FileLock> f) {
        FileLock l = f.getNow(null);
        if (l != null) {
            new CoFileLock(l, false).closeQuietly();
        }
    }

    /** Closes a channel once no pool call can still use it (an abandoned lock call may be running). */
    private static void closeWhenSettled(FileChannel ch) {
        POOL.submit(() -> {
            ch.close();
            return null;
        });
    }
}
