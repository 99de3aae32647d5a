package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coroutine.Co;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Retiring a worker interrupts a connection's wait for input, and only that wait: a handler's own
 * wait in the same coroutine runs to its end.
 */
class RetireInterruptTest {
    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void retiringInterruptsAnIdleKeepAliveReadAndClosesAfterTheGrace() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> c.send(Response.text("hi")));
        try (ServerFixture f = ServerFixture.start("http", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            // Fails as a timeout, not a hang, if the read is never interrupted.
            s.setSoTimeout(10_000);
            s.getOutputStream().write(GET);
            byte[] first = new byte[4096];
            assertThat(new String(first, 0, s.getInputStream().read(first), StandardCharsets.US_ASCII))
                    .contains("hi");
            f.server.retire();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void retiringDoesNotCancelAWaitOfTheHandler() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            entered.countDown();
            boolean slept = Co.sleep(Duration.ofMillis(300));
            c.send(Response.text("slept=" + slept));
        });
        try (ServerFixture f = ServerFixture.start("http", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(GET);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            f.server.retire();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).contains("slept=true").contains("Connection: close");
        }
    }
}
