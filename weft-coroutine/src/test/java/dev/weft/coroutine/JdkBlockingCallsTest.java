package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coroutine.internal.loop.EventLoop;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * JDK blocking calls inside coroutines keep working, and block only the calling coroutine: in each
 * test the coroutine that unblocks the waiter runs on the same event loop (one carrier) while the
 * waiter waits. Holds in both scheduler modes.
 */
class JdkBlockingCallsTest {

    /**
     * Runs {@code waiter} and then {@code unblocker} as two coroutines started by one parent, so both
     * are on the parent's loop in event-loop mode; returns when both have finished.
     */
    private static void onOneLoop(Runnable waiter, Runnable unblocker) throws Exception {
        CompletableFuture<EventLoop[]> loops = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(2);
        EventLoop[] seen = new EventLoop[2];
        Co.go(() -> {
            Co.go(() -> {
                seen[0] = EventLoop.current();
                waiter.run();
                done.countDown();
            });
            Co.go(() -> {
                seen[1] = EventLoop.current();
                unblocker.run();
                done.countDown();
            });
            loops.complete(seen);
        });
        assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        if (EventLoops.mode() == EventLoops.Mode.EVENT_LOOPS) {
            assertThat(seen[0]).isNotNull().isSameAs(seen[1]);
        }
    }

    @Test
    void threadSleepParksOnlyTheSleeper() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        CompletableFuture<Boolean> ranWhileAsleep = new CompletableFuture<>();
        CompletableFuture<Boolean> slept = new CompletableFuture<>();
        onOneLoop(
                () -> {
                    sleeping.countDown();
                    try {
                        Thread.sleep(100);
                        slept.complete(true);
                    } catch (InterruptedException e) {
                        slept.complete(false);
                    }
                },
                () -> {
                    await(sleeping);
                    ranWhileAsleep.complete(!slept.isDone());
                });
        assertThat(ranWhileAsleep.get()).isTrue();
        assertThat(slept.get()).isTrue();
    }

    @Test
    void aBlockingJavaNetSocketReadWaitsWhileAnotherCoroutineTellsThePeerToAnswer() throws Exception {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        CompletableFuture<String> read = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept()) {
                    answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    s.getOutputStream().write("pong\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    read.completeExceptionally(e);
                }
            });
            CountDownLatch connected = new CountDownLatch(1);
            onOneLoop(
                    () -> {
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                            connected.countDown();
                            InputStream in = s.getInputStream();
                            byte[] b = new byte[5];
                            int n = in.readNBytes(b, 0, 5);
                            read.complete(new String(b, 0, n, StandardCharsets.US_ASCII));
                        } catch (Exception e) {
                            read.completeExceptionally(e);
                        }
                    },
                    () -> {
                        await(connected);
                        answer.complete(null);
                    });
            assertThat(read.get()).isEqualTo("pong\n");
            peer.join();
        }
    }

    @Test
    void synchronizedWaitIsWokenByNotifyFromACoroutineOnTheSameLoop() throws Exception {
        Object lock = new Object();
        boolean[] flag = new boolean[1];
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> woke = new CompletableFuture<>();
        onOneLoop(
                () -> {
                    synchronized (lock) {
                        waiting.countDown();
                        try {
                            while (!flag[0]) {
                                lock.wait();
                            }
                            woke.complete(true);
                        } catch (InterruptedException e) {
                            woke.complete(false);
                        }
                    }
                },
                () -> {
                    await(waiting);
                    synchronized (lock) {
                        flag[0] = true;
                        lock.notifyAll();
                    }
                });
        assertThat(woke.get()).isTrue();
    }

    @Test
    void aContendedMonitorIsEnteredOnceItsHolderOnTheSameLoopLeaves() throws Exception {
        Object monitor = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        StringBuffer order = new StringBuffer();
        onOneLoop(
                () -> {
                    synchronized (monitor) {
                        holding.countDown();
                        sleep(50);
                        order.append("holder;");
                    }
                },
                () -> {
                    await(holding);
                    synchronized (monitor) {
                        order.append("contender;");
                    }
                });
        assertThat(order).hasToString("holder;contender;");
    }

    @Test
    void aReentrantLockHeldByACoroutineOnTheSameLoopIsHandedOverAtUnlock() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch holding = new CountDownLatch(1);
        StringBuffer order = new StringBuffer();
        onOneLoop(
                () -> {
                    lock.lock();
                    try {
                        holding.countDown();
                        sleep(50);
                        order.append("holder;");
                    } finally {
                        lock.unlock();
                    }
                },
                () -> {
                    await(holding);
                    lock.lock();
                    try {
                        order.append("contender;");
                    } finally {
                        lock.unlock();
                    }
                });
        assertThat(order).hasToString("holder;contender;");
    }

    @Test
    void completableFutureJoinIsCompletedByACoroutineOnTheSameLoop() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletableFuture<String> joined = new CompletableFuture<>();
        CountDownLatch joining = new CountDownLatch(1);
        onOneLoop(
                () -> {
                    joining.countDown();
                    joined.complete(f.join());
                },
                () -> {
                    await(joining);
                    f.complete("value");
                });
        assertThat(joined.get()).isEqualTo("value");
    }

    @Test
    void aBlockingSocketWriteOfAFullBufferWaitsForTheReaderOnTheSameLoop() throws Exception {
        byte[] big = new byte[4 << 20];
        CompletableFuture<Integer> received = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            onOneLoop(
                    () -> {
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                            OutputStream out = s.getOutputStream();
                            out.write(big);
                        } catch (Exception e) {
                            received.completeExceptionally(e);
                        }
                    },
                    () -> {
                        try (Socket s = server.accept()) {
                            received.complete(s.getInputStream().readAllBytes().length);
                        } catch (Exception e) {
                            received.completeExceptionally(e);
                        }
                    });
            assertThat(received.get()).isEqualTo(big.length);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
