package dev.weft.coroutine.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.fs.CoFiles;
import dev.weft.coroutine.internal.loop.EventLoop;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read that blocks (a FIFO nobody writes yet) and a DNS lookup that blocks (the test
 * resolver) run on Weft's blocking pools: the coroutines waiting for them are suspended, and a
 * coroutine on the same event loop keeps running meanwhile.
 */
class BlockingCallsOnPoolsTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void blockingFileAndDnsCallsLeaveTheLoopFree() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        CompletableFuture<String> file = new CompletableFuture<>();
        CompletableFuture<String> dns = new CompletableFuture<>();
        CompletableFuture<Boolean> freeWhileTheyWait = new CompletableFuture<>();
        CompletableFuture<Boolean> sameLoop = new CompletableFuture<>();
        Co.go(() -> {
            EventLoop loop = EventLoop.current();
            var reader = Co.go(() -> {
                try {
                    file.complete(new String(CoFiles.readAllBytes(fifo, LONG)));
                } catch (Exception e) {
                    file.completeExceptionally(e);
                }
            });
            var resolver = Co.go(() -> {
                try {
                    dns.complete(CoDns.resolveOne("pools.block.test", LONG).getHostAddress());
                } catch (Exception e) {
                    dns.completeExceptionally(e);
                }
            });
            // Both wait in their operations while this coroutine, on the same loop, goes on.
            boolean waiting =
                    Co.waitFor(() -> isIn(reader, "file.read") && isIn(resolver, "dns"), Duration.ofSeconds(10));
            Co.sleep(Duration.ofMillis(5));
            freeWhileTheyWait.complete(waiting && !file.isDone() && !dns.isDone());
            sameLoop.complete(EventLoop.current() == loop);
        });
        assertThat(freeWhileTheyWait.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(sameLoop.get()).isTrue();
        try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
            out.write("data".getBytes());
        }
        BlockingResolverProvider.RELEASE.release();
        assertThat(file.get(20, TimeUnit.SECONDS)).isEqualTo("data");
        assertThat(dns.get(20, TimeUnit.SECONDS)).isEqualTo("127.0.0.9");
    }

    private static boolean isIn(dev.weft.coroutine.Coroutine c, String eventPrefix) {
        var s = c.suspension();
        return s != null && s.event().startsWith(eventPrefix);
    }
}
