package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coroutine.Co;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.server.NetStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The listener's time limits, against real sockets with short limits. */
class TimeLimitsTest {
    private static final Callbacks HELLO =
            new Callbacks().onMessage((Connection c, HttpRequest r) -> c.send(Response.text("hello")));

    private static NetOptions limits(TimeLimits l) {
        return NetOptions.defaults().withTimeLimits(l);
    }

    @Test
    void aSlowlorisClientTricklingItsHeadIsAnswered408AtItsHeadDeadlineAndClosed() throws Exception {
        TimeLimits l = TimeLimits.DEFAULT.withRequestHead(Duration.ofMillis(400));
        try (ServerFixture f = ServerFixture.start("http", HELLO, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            // One byte every 50 ms: never idle for long, so only a limit counted from the first byte stops it.
            CompletableFuture<Long> cutOff = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        out.write('s');
                        out.flush();
                        Thread.sleep(50); // the attack's pace, not a synchronisation
                    }
                } catch (IOException | InterruptedException e) {
                    return System.nanoTime();
                }
                return -1L;
            });
            String answer = readAll(s, 10_000);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close");
            assertThat(elapsedMs).isBetween(400L, 5_000L);
            assertThat(cutOff.get(10, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void aRequestBodyThatStopsArrivingIsAnswered408() throws Exception {
        TimeLimits l = TimeLimits.DEFAULT.withRequestBody(Duration.ofMillis(300));
        try (ServerFixture f = ServerFixture.start("http", HELLO, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream()
                    .write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"
                            .getBytes(StandardCharsets.US_ASCII));
            long before = NetStats.timedOut();
            String answer = readAll(s, 10_000);
            assertThat(answer).startsWith("HTTP/1.1 408 ").endsWith("Request Timeout\n");
            assertThat(NetStats.timedOut()).isGreaterThan(before);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedQuietly() throws Exception {
        TimeLimits l = TimeLimits.DEFAULT.withKeepAlive(Duration.ofMillis(300));
        try (ServerFixture f = ServerFixture.start("http", HELLO, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            String all = readAll(s, 10_000);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // One response, then nothing more: the close says nothing (no 408 for a client between requests).
            assertThat(all).startsWith("HTTP/1.1 200 ").endsWith("hello").doesNotContain("408");
            assertThat(elapsedMs).isGreaterThanOrEqualTo(250L);
        }
    }

    @Test
    void aConnectionThatNeverSendsAByteIsClosedAtTheKeepAliveLimit() throws Exception {
        TimeLimits l = TimeLimits.DEFAULT.withKeepAlive(Duration.ofMillis(200));
        try (ServerFixture f = ServerFixture.start("http", HELLO, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            assertThat(readAll(s, 10_000)).isEmpty();
        }
    }

    @Test
    void aSlowHandlerIsNotCutOffByTheKeepAliveLimit() throws Exception {
        TimeLimits l = TimeLimits.DEFAULT.withKeepAlive(Duration.ofMillis(100));
        Callbacks slow = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            Co.sleep(Duration.ofMillis(500));
            c.send(Response.text("late but fine"));
        });
        try (ServerFixture f = ServerFixture.start("http", slow, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(s, 10_000)).startsWith("HTTP/1.1 200 ").endsWith("late but fine");
        }
    }

    @Test
    void theLastRequestAllowedOnAKeepAliveConnectionGetsConnectionClose() throws Exception {
        TimeLimits l = TimeLimits.DEFAULT.withKeepAliveRequests(3);
        try (ServerFixture f = ServerFixture.start("http", HELLO, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            byte[] get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            out.write(get);
            out.write(get);
            out.write(get);
            String all = readAll(s, 10_000);
            String[] responses = all.split("(?=HTTP/1.1 )");
            assertThat(responses).hasSize(3);
            assertThat(responses[0]).doesNotContain("Connection: close");
            assertThat(responses[1]).doesNotContain("Connection: close");
            assertThat(responses[2]).contains("Connection: close");
        }
    }

    @Test
    void aSilentWebSocketClientIsPingedAndThenDroppedWhenNoPongComes() throws Exception {
        TimeLimits l = TimeLimits.DEFAULT.withWebSocketPing(Duration.ofMillis(200), Duration.ofMillis(200));
        Callbacks echo = new Callbacks().onMessage((Connection c, String t) -> c.send(t));
        try (ServerFixture f = ServerFixture.start("websocket", echo, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            InputStream in = handshake(s);
            long start = System.nanoTime();
            int opcode = in.read() & 0x0f;
            int length = in.read() & 0x7f;
            in.readNBytes(length);
            long pingMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(opcode).isEqualTo(0x9);
            assertThat(pingMs).isGreaterThanOrEqualTo(150L);
            // No pong: the connection ends without a close frame.
            assertThat(readAll(s, 10_000)).isEmpty();
        }
    }

    @Test
    void aWebSocketClientThatAnswersPingsStaysConnected() throws Exception {
        TimeLimits l = TimeLimits.DEFAULT.withWebSocketPing(Duration.ofMillis(100), Duration.ofMillis(200));
        Callbacks echo = new Callbacks().onMessage((Connection c, String t) -> c.send(t));
        try (ServerFixture f = ServerFixture.start("websocket", echo, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            InputStream in = handshake(s);
            for (int i = 0; i < 3; i++) {
                assertThat(in.read() & 0x0f).isEqualTo(0x9);
                in.readNBytes(in.read() & 0x7f);
                s.getOutputStream().write(new byte[] {(byte) 0x8A, (byte) 0x80, 1, 2, 3, 4}); // masked empty pong
            }
            // Still open: a text message is echoed.
            s.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'o', 'k'});
            int op;
            do {
                op = in.read() & 0x0f;
                byte[] payload = in.readNBytes(in.read() & 0x7f);
                if (op == 0x1) {
                    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("ok");
                }
            } while (op == 0x9);
            assertThat(op).isEqualTo(0x1);
        }
    }

    @Test
    void aTextConnectionIsClosedAfterItsIdleLimitOnlyWhenOneIsSet() throws Exception {
        Callbacks echo = new Callbacks().onMessage((Connection c, String t) -> c.send(t));
        TimeLimits l = TimeLimits.DEFAULT.withIdle(Duration.ofMillis(200));
        try (ServerFixture f = ServerFixture.start("text", echo, limits(l));
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(s, 10_000)).isEqualTo("hi\n");
        }
        try (ServerFixture f = ServerFixture.start("text", echo);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.setSoTimeout(600);
            s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().readNBytes(3)).isEqualTo("hi\n".getBytes(StandardCharsets.US_ASCII));
            // Off by default: the connection is still open well past the limit used above.
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> s.getInputStream().read())
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void limitsAreCheckedWhenSet() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TimeLimits.DEFAULT.withKeepAlive(Duration.ofSeconds(-1)))
                .hasMessageContaining("keepAlive must be >= 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeLimits.DEFAULT.withKeepAliveRequests(-1))
                .hasMessageContaining("keepAliveRequests");
    }

    /** Opens a WebSocket with a raw handshake; returns the stream positioned after the 101 response. */
    private static InputStream handshake(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        s.getOutputStream()
                .write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101 ");
        return in;
    }

    /** Everything until the server closes (a reset counts as the end), within {@code timeoutMs}. */
    private static String readAll(Socket s, int timeoutMs) throws IOException {
        s.setSoTimeout(timeoutMs);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = s.getInputStream().read(buf)) >= 0) {
                b.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close within " + timeoutMs + " ms; got: " + b, e);
        } catch (IOException e) {
            // reset after the answer: what arrived is the answer
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
