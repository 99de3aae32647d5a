package dev.weft.coroutine.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Children;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KilledException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File reads, writes and locks: results, cancel of a blocked read, the uncancellable lock. */
class FilesTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void writesAppendsAndReadsRanges() throws Exception {
        Path f = dir.resolve("a.txt");
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> {
            try {
                CoFiles.write(f, "hello".getBytes(StandardCharsets.UTF_8), LONG);
                CoFiles.append(f, " world".getBytes(StandardCharsets.UTF_8), LONG);
                CoFiles.write(f, 0, "J".getBytes(StandardCharsets.UTF_8), LONG);
                String all = new String(CoFiles.readAllBytes(f, LONG), StandardCharsets.UTF_8);
                String range = new String(CoFiles.read(f, 6, 100, LONG), StandardCharsets.UTF_8);
                String missing;
                try {
                    CoFiles.readAllBytes(dir.resolve("missing"), LONG);
                    missing = "no error";
                } catch (java.nio.file.NoSuchFileException e) {
                    missing = Co.lastError().name();
                }
                seen.complete(all + "|" + range + "|" + missing);
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("Jello world|world|IO_ERROR");
    }

    @Test
    void aReadBlockedOnAFifoIsCancelled() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                seen.complete(CoFiles.readAllBytes(fifo, LONG) + " " + Co.lastError() + " " + Co.isCanceled());
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        await().until(() -> c.state() == Coroutine.State.SUSPENDED
                && ("file.read " + fifo).equals(c.suspension().event()));
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("null AIO_CANCELED true");
        // Unblock the abandoned pool read: open the FIFO for writing and close it (EOF).
        try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
            out.write(1);
        }
    }

    @Test
    void aLockWaitCannotBeCancelledAndAKillIsDeliveredAfterTheLockIsReleased() throws Exception {
        Path f = dir.resolve("lock");
        Process holder = Children.java(LockHolder.class, f.toString());
        try {
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).isEqualTo("locked");
            CompletableFuture<Object> seen = new CompletableFuture<>();
            Coroutine c = Co.go(() -> {
                try {
                    CoFileLock timedOut = CoFiles.lock(f, false, Duration.ofMillis(100));
                    String first = timedOut + " " + Co.lastError();
                    seen.complete(first);
                    CoFiles.lock(f, false, LONG);
                    seen.obtrudeValue("lock returned");
                } catch (KilledException e) {
                    seen.obtrudeValue(e);
                } catch (Exception e) {
                    seen.obtrudeException(e);
                }
            });
            assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("null CO_TIMEDOUT");
            await().until(() -> c.suspension() != null && c.suspension().event().equals("file.lock " + f));
            assertThat(c.state()).isEqualTo(Coroutine.State.SUSPENDED); // listed as a wait, but:
            assertThat(c.suspension().isCancellable()).isFalse();
            assertThat(Co.cancel(c.id())).isFalse();
            assertThat(Co.lastError()).isEqualTo(CoError.CO_CANNOT_CANCEL);
            assertThat(c.kill()).isTrue();
            assertThat(c.isDone()).isFalse();
            holder.getOutputStream().close();
            await().atMost(Duration.ofSeconds(10)).until(c::isDone);
            assertThat(seen.get()).isInstanceOf(KilledException.class);
            // The killed coroutine released its lock: we can take it now.
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        l.release();
                    }
                    return l != null;
                });
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}
