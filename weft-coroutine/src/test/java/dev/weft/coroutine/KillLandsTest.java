package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.awaitDone;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * A kill lands even where Weft has no suspension: a coroutine blocked in a JDK call is interrupted,
 * and it ends killed, not failed. Where Weft has a suspension, no interrupt is sent.
 */
class KillLandsTest {

    /** A blocking JDK call that a kill must end. */
    @FunctionalInterface
    interface Blocking {
        void block() throws Exception;
    }

    /**
     * Starts a coroutine that signals and then blocks in {@code call}, rethrowing what the call
     * throws the way user code does (wrapped in a RuntimeException); kills it and checks it ends
     * killed, not failed, with the kill counted.
     */
    private static void killEnds(Blocking call) throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            blocking.countDown();
            try {
                call.block();
                thrown.complete(null);
            } catch (Exception e) {
                thrown.complete(e);
                throw new RuntimeException(e);
            }
        });
        blocking.await();
        long killedBefore = Co.stats().killed();
        assertThat(c.kill()).isTrue();
        assertThat(get(thrown)).isNotNull();
        awaitDone(c);
        assertThat(c.wasKilled()).isTrue();
        assertThat(Co.stats().killed()).isGreaterThan(killedBefore);
    }

    @Test
    void aKillEndsThreadSleep() throws Exception {
        killEnds(() -> Thread.sleep(Duration.ofMinutes(5)));
    }

    @Test
    void aKillEndsObjectWait() throws Exception {
        Object monitor = new Object();
        killEnds(() -> {
            synchronized (monitor) {
                monitor.wait();
            }
        });
    }

    @Test
    void aKillEndsABlockingJavaNetSocketRead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.complete(server.accept());
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
            try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
                killEnds(() -> {
                    if (client.getInputStream().read() < 0) {
                        throw new IOException("unexpected end of stream");
                    }
                });
                assertThat(client.isClosed()).isTrue(); // the JDK closes a socket whose reader is interrupted
            } finally {
                get(accepted).close();
            }
        }
    }

    @Test
    void aKillEndsLockInterruptibly() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        try {
            killEnds(lock::lockInterruptibly);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void aKillEndsCompletableFutureGet() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        killEnds(never::get);
    }

    @Test
    void aTaskThatSwallowsTheInterruptAndReturnsStillEndsKilled() throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        Coroutine c = Co.go(() -> {
            blocking.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException swallowed) {
                // ignored, as careless code does
            }
        });
        blocking.await();
        c.kill();
        awaitDone(c);
        assertThat(c.wasKilled()).isTrue();
    }

    @Test
    void theInterruptSurfacesAsKilledExceptionAtTheNextWeftOperationWithTheFlagCleared() throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            blocking.countDown();
            try {
                new CompletableFuture<>().get();
            } catch (InterruptedException | ExecutionException e) {
                // carry on into a Weft operation, which must deliver the kill
            }
            try {
                Co.sleep(Duration.ofMinutes(5));
                seen.complete("slept");
            } catch (KilledException e) {
                seen.complete("killed, interrupted=" + Thread.currentThread().isInterrupted());
                throw e;
            }
        });
        blocking.await();
        c.kill();
        assertThat(get(seen)).isEqualTo("killed, interrupted=false");
        awaitDone(c);
        assertThat(c.wasKilled()).isTrue();
    }

    @Test
    void aKillThroughAWeftSuspensionSendsNoInterrupt() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Co.sleep(Duration.ofMinutes(5));
            } catch (KilledException e) {
                interrupted.complete(Thread.currentThread().isInterrupted());
            }
        });
        awaitSuspendedIn(c, "sleep");
        c.kill();
        assertThat(get(interrupted)).isFalse();
    }

    @Test
    void aKillThatCannotLandYetShowsAsPendingInTheDump() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        Coroutine c = Co.go("spinner", () -> {
            running.countDown();
            while (!stop.get()) {
                Thread.yield(); // a CPU loop: no Weft operation, no interruptible call; fair to its loop
            }
        });
        running.await();
        c.kill();
        assertThat(c.isKillPending()).isTrue();
        assertThat(Dump.header(c)).endsWith(", kill pending");
        stop.set(true);
        awaitDone(c);
        assertThat(c.wasKilled()).isTrue();
        assertThat(c.isKillPending()).isFalse();
    }

    @Test
    void aWeftSocketReadLoopOnAFastPeerIsKilled() throws Exception {
        try (dev.weft.coroutine.net.CoServerSocket server = dev.weft.coroutine.net.CoServerSocket.bind(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofVirtual().start(() -> {
                try (Socket s = new Socket(
                        InetAddress.getLoopbackAddress(),
                        ((java.net.InetSocketAddress) server.localAddress()).getPort())) {
                    byte[] chunk = new byte[64 * 1024];
                    while (!stop.get()) {
                        s.getOutputStream().write(chunk);
                    }
                } catch (IOException ignored) {
                    // the reader went away
                }
            });
            CompletableFuture<dev.weft.coroutine.net.CoSocket> accepted = new CompletableFuture<>();
            Co.go(() -> {
                try {
                    accepted.complete(server.accept(Duration.ofSeconds(10)));
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
            dev.weft.coroutine.net.CoSocket socket = get(accepted);
            CountDownLatch reading = new CountDownLatch(1);
            AtomicBoolean cpuBound = new AtomicBoolean(true);
            Coroutine c = Co.go(() -> {
                ByteBuffer buf = ByteBuffer.allocate(1);
                try {
                    while (true) {
                        buf.clear();
                        socket.read(buf, Duration.ofSeconds(10));
                        reading.countDown();
                        if (cpuBound.get()) {
                            Thread.onSpinWait();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            reading.await();
            c.kill();
            awaitDone(c);
            assertThat(c.wasKilled()).isTrue();
            stop.set(true);
            socket.close();
            writer.join();
        }
    }
}
