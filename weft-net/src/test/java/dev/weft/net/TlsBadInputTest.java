package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import dev.weft.net.internal.TcpConnection;
import dev.weft.net.server.NetStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on a TLS listener is closed, logged at debug level and counted, and the listener serves on:
 * plain HTTP, garbage, a client that stops mid-handshake. And a TLS read cancelled in the middle of a
 * record leaves the connection usable.
 */
class TlsBadInputTest {
    @TempDir
    static Path dir;

    static TestCerts.Pem cert;

    private final Logger jul = Logger.getLogger("dev.weft.net");
    private Level before;
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    @BeforeAll
    static void certificate() throws Exception {
        cert = TestCerts.selfSigned(dir, "localhost", "ec");
    }

    @BeforeEach
    void debugLogging() {
        before = jul.getLevel();
        jul.setLevel(Level.FINE);
    }

    @AfterEach
    void restoreLogging() {
        jul.setLevel(before);
    }

    private ServerFixture server(Duration handshakeTimeout) throws IOException {
        Callbacks cb = new Callbacks()
                .onConnect(c -> connects.incrementAndGet())
                .onClose(c -> closes.incrementAndGet())
                .onMessage((Connection c, String line) -> c.send("echo " + line));
        return ServerFixture.startTls(
                "text", cb, TlsConfig.pem(cert.chain(), cert.key()).withTlsHandshakeTimeout(handshakeTimeout));
    }

    @Test
    void plainHttpToATlsPortIsClosedLoggedAndCounted() throws Exception {
        try (ServerFixture f = server(Duration.ofSeconds(10));
                LogCapture log = new LogCapture()) {
            long failures = NetStats.tlsFailures();
            assertThat(sendAndAwaitClose(
                            f.port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                    .isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> NetStats.tlsFailures() > failures);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.containing("TLS handshake failed").stream()
                    .anyMatch(r -> r.getLevel() == Level.FINE));
            assertServesOn(f);
        }
    }

    @Test
    void garbageHandshakesAreClosed() throws Exception {
        try (ServerFixture f = server(Duration.ofSeconds(10))) {
            long failures = NetStats.tlsFailures();
            byte[] random = new byte[3000];
            new Random(42).nextBytes(random);
            // A record header that claims a handshake, then garbage; and garbage from the first byte.
            byte[] fakeRecord = Arrays.copyOf(new byte[] {0x16, 0x03, 0x01, 0x01, 0x00}, 261);
            System.arraycopy(random, 0, fakeRecord, 5, 256);
            assertThat(sendAndAwaitClose(f.port, fakeRecord)).isTrue();
            assertThat(sendAndAwaitClose(f.port, random)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> NetStats.tlsFailures() >= failures + 2);
            assertServesOn(f);
        }
    }

    @Test
    void aClientThatStopsMidHandshakeIsClosedAtTheHandshakeTimeout() throws Exception {
        try (ServerFixture f = server(Duration.ofMillis(500));
                LogCapture log = new LogCapture();
                EngineClient c = new EngineClient(f.port)) {
            long failures = NetStats.tlsFailures();
            byte[] hello = c.clientHello();
            c.sendRaw(hello, 0, hello.length / 2);
            long t0 = System.nanoTime();
            c.channel.socket().setSoTimeout(10_000);
            assertThat(c.channel.socket().getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> NetStats.tlsFailures() > failures);
            assertThat(log.containing("handshake timed out")).isNotEmpty();
            assertServesOn(f);
        }
        assertThat(connects.get()).as("onConnect ran for the good client only").isEqualTo(1);
    }

    @Test
    void aCancelledTlsReadInTheMiddleOfARecordLeavesTheConnectionUsable() throws Exception {
        AtomicReference<TcpConnection> conn = new AtomicReference<>();
        Callbacks cb = new Callbacks()
                .onConnect(c -> conn.set((TcpConnection) c))
                .onMessage((Connection c, String line) -> c.send("echo " + line));
        try (ServerFixture f = ServerFixture.startTls("text", cb, TlsConfig.pem(cert.chain(), cert.key()));
                EngineClient c = new EngineClient(f.port)) {
            c.handshake();
            byte[] record = c.seal("hello\n");
            c.sendRaw(record, 0, 7); // the header and two bytes: half a record
            await().atMost(Duration.ofSeconds(10)).until(() -> conn.get() != null && readWait(conn.get()) != null);
            Coroutine reader = conn.get().coroutine();
            Suspension first = readWait(conn.get());
            assertThat(first.event()).startsWith("socket.read");
            Co.cancel(reader.id());
            // The read loop retries: a new wait for the rest of the record, on the same open connection.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Suspension s = readWait(conn.get());
                return s != null && s != first;
            });
            assertThat(conn.get().status()).isEqualTo(ConnectionStatus.ESTABLISHED);
            c.sendRaw(record, 7, record.length);
            assertThat(c.receive("echo hello\n".length())).isEqualTo("echo hello\n");
            // And the next record too.
            byte[] next = c.seal("again\n");
            c.sendRaw(next, 0, next.length);
            assertThat(c.receive("echo again\n".length())).isEqualTo("echo again\n");
        }
    }

    private static Suspension readWait(TcpConnection c) {
        Coroutine co = c.coroutine();
        Suspension s = co == null ? null : co.suspension();
        return s != null && s.event().startsWith("socket.read") ? s : null;
    }

    /** Sends {@code bytes} and reads until the server closes; false if it is still open after 10 s. */
    private static boolean sendAndAwaitClose(int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(bytes);
            } catch (IOException e) {
                return true; // closed while we were still sending
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1024];
            try {
                while (in.read(buf) >= 0) {
                    // an alert may come first
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }
    }

    private static void assertServesOn(ServerFixture f) throws Exception {
        try (EngineClient good = new EngineClient(f.port)) {
            good.handshake();
            byte[] r = good.seal("still here\n");
            good.sendRaw(r, 0, r.length);
            assertThat(good.receive("echo still here\n".length())).isEqualTo("echo still here\n");
        }
    }
}
