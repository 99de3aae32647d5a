package dev.weft.coroutine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KilledException;
import dev.weft.coroutine.internal.poll.Poller;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancel, timeout and kill of socket operations on real 127.0.0.1 sockets. */
class SocketCancelTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private CoServerSocket server;
    private Socket peer;
    private CoSocket conn;

    @BeforeEach
    void connect() throws Exception {
        server = CoServerSocket.bind(new InetSocketAddress("127.0.0.1", 0), 16);
        peer = new Socket();
        // Small but not tiny: a tiny window makes the drain crawl (delayed ACKs per few KB).
        peer.setReceiveBufferSize(65536);
        peer.connect(server.localAddress());
        conn = server.accept(Duration.ofSeconds(5));
        assertThat(conn).isNotNull();
    }

    @AfterEach
    void close() throws Exception {
        peer.close();
        conn.close();
        server.close();
        await().until(() -> Poller.registrations() == 0);
    }

    private static Coroutine suspendedIn(Coroutine c, String eventPrefix) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> c.state() == Coroutine.State.SUSPENDED
                        && c.suspension() != null
                        && c.suspension().event().startsWith(eventPrefix));
        return c;
    }

    @Test
    void cancelledReadReturnsZeroThenTheSameSocketReadsThePeersNextBytes() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                ByteBuffer buf = ByteBuffer.allocate(64);
                int n = conn.read(buf, LONG);
                first.complete(n + " " + Co.isCanceled() + " " + Co.lastError());
                n = conn.read(buf, LONG);
                second.complete(new String(buf.array(), 0, n, StandardCharsets.UTF_8) + " " + Co.lastError());
            } catch (Exception e) {
                first.completeExceptionally(e);
                second.completeExceptionally(e);
            }
        });
        suspendedIn(c, "socket.read 127.0.0.1:" + peer.getLocalPort());
        assertThat(Poller.registrations()).isEqualTo(1);
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("0 true CO_CANCELED");
        suspendedIn(c, "socket.read");
        peer.getOutputStream().write("next".getBytes(StandardCharsets.UTF_8));
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("next NONE");
        assertThat(conn.isOpen()).isTrue();
    }

    @Test
    void writeBlockedOnAFullPeerIsCancelledThenFinishesAfterThePeerDrains() throws Exception {
        conn.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
        ByteBuffer data = ByteBuffer.allocate(4 << 20);
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        CompletableFuture<String> finished = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                boolean all = conn.writeFully(data, LONG);
                cancelled.complete(all + " " + Co.lastError() + " " + (data.position() > 0));
                all = conn.writeFully(data, LONG);
                finished.complete(all + " " + Co.lastError() + " " + data.remaining());
            } catch (Exception e) {
                cancelled.completeExceptionally(e);
                finished.completeExceptionally(e);
            }
        });
        suspendedIn(c, "socket.write 127.0.0.1:" + peer.getLocalPort());
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(cancelled.get(5, TimeUnit.SECONDS)).isEqualTo("false CO_CANCELED true");
        peer.setSoTimeout(10_000);
        InputStream in = peer.getInputStream();
        byte[] sink = new byte[65536];
        long total = 0;
        while (total < data.capacity()) {
            if (finished.isCompletedExceptionally()) {
                finished.join();
            }
            int n = in.read(sink);
            assertThat(n).isPositive();
            total += n;
        }
        assertThat(finished.get(10, TimeUnit.SECONDS)).isEqualTo("true NONE 0");
        assertThat(total).isEqualTo(data.capacity());
    }

    @Test
    void killOfABlockedReadRaisesKilledExceptionAndTheSocketStaysOpen() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                conn.read(ByteBuffer.allocate(16), LONG);
                seen.complete(null);
            } catch (Throwable t) {
                seen.complete(t);
            }
        });
        suspendedIn(c, "socket.read");
        assertThat(Co.kill(c.id())).isTrue();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isInstanceOf(KilledException.class);
        assertThat(conn.isOpen()).isTrue();
        peer.getOutputStream().write('x');
        ByteBuffer b = ByteBuffer.allocate(4);
        assertThat(conn.read(b, Duration.ofSeconds(5))).isEqualTo(1);
    }

    @Test
    void readAndAcceptTimeOut() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> {
            try {
                int n = conn.read(ByteBuffer.allocate(8), Duration.ofMillis(50));
                String r1 = n + " " + Co.lastError();
                CoSocket s = server.accept(Duration.ofMillis(50));
                String r2 = s + " " + Co.lastError();
                String line = conn.readLine(100, Duration.ofMillis(50));
                seen.complete(r1 + " | " + r2 + " | " + line + " " + Co.lastError());
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("0 CO_TIMEDOUT | null CO_TIMEDOUT | null CO_TIMEDOUT");
    }

    @Test
    void readLineKeepsAPartialLineAcrossACancel() throws Exception {
        OutputStream out = peer.getOutputStream();
        out.write("hel".getBytes(StandardCharsets.US_ASCII));
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> rest = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                first.complete(conn.readLine(100, LONG) + " " + Co.lastError());
                String a = conn.readLine(100, LONG);
                String b = conn.readLine(100, LONG);
                ByteBuffer tail = ByteBuffer.allocate(3);
                conn.readFully(tail, LONG);
                rest.complete(a + "," + b + "," + new String(tail.array(), StandardCharsets.US_ASCII));
            } catch (Exception e) {
                first.completeExceptionally(e);
                rest.completeExceptionally(e);
            }
        });
        suspendedIn(c, "socket.read");
        Co.cancel(c.id());
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("null CO_CANCELED");
        out.write("lo\r\nworld\nabc".getBytes(StandardCharsets.US_ASCII));
        assertThat(rest.get(5, TimeUnit.SECONDS)).isEqualTo("hello,world,abc");
    }

    @Test
    void ioErrorsThrowAndRecordIoError() throws Exception {
        peer.setSoLinger(true, 0);
        peer.close();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> {
            try {
                ByteBuffer b = ByteBuffer.allocate(8);
                int n;
                while ((n = conn.read(b, LONG)) > 0) {
                    b.clear();
                }
                seen.complete("read " + n);
            } catch (java.io.IOException e) {
                seen.complete("IOException " + Co.lastError());
            }
        });
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("IOException IO_ERROR");
    }

    @Test
    void withTimeoutCancelsAMixOfOperations() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> {
            StringBuilder sb = new StringBuilder();
            try {
                Co.withTimeout(Duration.ofMillis(100), () -> {
                    sb.append(conn.read(ByteBuffer.allocate(8), LONG))
                            .append(' ')
                            .append(Co.lastError());
                    sb.append(' ').append(server.accept(LONG)).append(' ').append(Co.lastError());
                    try (CoDatagramSocket udp = CoDatagramSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
                        sb.append(' ')
                                .append(udp.receive(ByteBuffer.allocate(8), LONG))
                                .append(' ')
                                .append(Co.lastError());
                    }
                    return null;
                });
                seen.complete("no timeout: " + sb);
            } catch (TimeoutException e) {
                seen.complete(sb.toString());
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("0 CO_CANCELED null CO_CANCELED null CO_CANCELED");
    }

    @Test
    void closeWakesABlockedReaderWithAnIOException() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                conn.read(ByteBuffer.allocate(8), LONG);
                seen.complete("returned");
            } catch (java.io.IOException e) {
                seen.complete(e.getClass().getSimpleName() + " " + Co.lastError());
            }
        });
        suspendedIn(c, "socket.read");
        conn.close();
        assertThat(seen.get(5, TimeUnit.SECONDS)).endsWith("Exception IO_ERROR");
    }

    @Test
    void connectTimesOutAgainstAFullBacklogAndTheSocketStaysUsable() throws Exception {
        // Port the usual "unroutable address" trick to loopback: a listener whose accept queue is
        // full drops further SYNs, so the next connect stays pending.
        try (CoServerSocket full = CoServerSocket.bind(new InetSocketAddress("127.0.0.1", 0), 1)) {
            java.util.List<Socket> fillers = new java.util.ArrayList<>();
            try {
                CompletableFuture<String> seen = new CompletableFuture<>();
                for (int i = 0; i < 8 && !seen.isDone(); i++) {
                    Socket f = new Socket();
                    fillers.add(f);
                    try {
                        f.connect(full.localAddress(), 200);
                    } catch (java.net.SocketTimeoutException e) {
                        break;
                    }
                }
                Co.go(() -> {
                    try (CoSocket s = CoSocket.open()) {
                        boolean ok = s.connect(full.localAddress(), Duration.ofMillis(100));
                        seen.complete(ok + " " + Co.lastError() + " " + s.isOpen());
                    } catch (Exception e) {
                        seen.completeExceptionally(e);
                    }
                });
                assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("false CO_TIMEDOUT true");
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void connectsAndEchoesWithOptions() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> {
            try (CoSocket s = CoSocket.open()) {
                assertThat(s.connect(server.localAddress(), Duration.ofSeconds(5)))
                        .isTrue();
                s.setOption(StandardSocketOptions.TCP_NODELAY, true)
                        .setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                CoSocket accepted = server.accept(Duration.ofSeconds(5));
                s.writeFully(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(5));
                String line = accepted.readLine(16, Duration.ofSeconds(5));
                accepted.close();
                seen.complete(line + " " + s.getOption(StandardSocketOptions.TCP_NODELAY) + " "
                        + s.remoteAddress().equals(server.localAddress()));
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("ping true true");
    }

    @Test
    void anIdleReadIsListedAsAnIdleWaitAndANormalReadIsNot() throws Exception {
        CompletableFuture<String> read = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                ByteBuffer buf = ByteBuffer.allocate(64);
                int n = conn.read(buf, LONG, true);
                read.complete(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                conn.read(buf, LONG, false);
            } catch (Exception e) {
                read.completeExceptionally(e);
            }
        });
        String event = "socket.read 127.0.0.1:" + peer.getLocalPort();
        suspendedIn(c, event + " (idle)");
        assertThat(c.suspension().isIdle()).isTrue();
        assertThat(Co.suspensions()).anyMatch(s -> s.isIdle() && s.event().equals(event + " (idle)"));
        peer.getOutputStream().write("GET".getBytes(StandardCharsets.UTF_8));
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("GET");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> c.suspension() != null && c.suspension().event().equals(event));
        assertThat(c.suspension().isIdle()).isFalse();
        c.kill();
        await().atMost(Duration.ofSeconds(5)).until(c::isDone);
    }
}
