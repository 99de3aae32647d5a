package dev.weft.coroutine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Children;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.internal.poll.Poller;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 5,000 connections whose peers live in another process; their readers are cancelled at random,
 * several times. No cancel may close a socket or leak a poller registration: afterwards every
 * connection still echoes its peer's byte, and {@link Poller#registrations()} returns to 0.
 */
class ManyConnectionsTest {
    private static final int N = 5000;

    @Test
    void randomCancelsOfFiveThousandReadersCloseNothingAndLeakNoRegistration() throws Exception {
        List<CoSocket> sockets = new ArrayList<>(N);
        List<Coroutine> readers = new ArrayList<>(N);
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger echoed = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        try (CoServerSocket server = CoServerSocket.bind(new InetSocketAddress("127.0.0.1", 0), 4096)) {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            Process clients = Children.java(ManyClients.class, Integer.toString(port), Integer.toString(N));
            try {
                for (int i = 0; i < N; i++) {
                    CoSocket s = server.accept(Duration.ofSeconds(30));
                    assertThat(s).isNotNull();
                    sockets.add(s);
                    readers.add(Co.go(() -> echoOnce(s, cancels, echoed, failures)));
                }
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("connected");
                await().atMost(Duration.ofSeconds(30)).until(() -> Poller.registrations() == N);

                int cancelled = 0;
                for (int round = 0; round < 3; round++) {
                    for (Coroutine r : readers) {
                        if (ThreadLocalRandom.current().nextBoolean() && Co.cancel(r.id())) {
                            cancelled++;
                        }
                    }
                }
                int expected = cancelled;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> cancels.get() == expected && Poller.registrations() == N);
                assertThat(cancelled).isGreaterThan(N / 2);

                PrintStream in = new PrintStream(clients.getOutputStream(), true, StandardCharsets.UTF_8);
                in.println("send");
                assertThat(out.readLine()).isEqualTo("echoed " + N);
                await().atMost(Duration.ofSeconds(30)).until(() -> echoed.get() == N);
                assertThat(failures.get()).isZero();
                assertThat(sockets).allMatch(CoSocket::isOpen);
                await().until(() -> Poller.registrations() == 0);
                in.close();
                assertThat(clients.waitFor()).isZero();
            } finally {
                clients.destroyForcibly();
                for (CoSocket s : sockets) {
                    s.close();
                }
            }
        }
    }

    private static void echoOnce(CoSocket s, AtomicInteger cancels, AtomicInteger echoed, AtomicInteger failures) {
        ByteBuffer b = ByteBuffer.allocate(1);
        try {
            for (; ; ) {
                int n = s.read(b, null);
                if (n > 0) {
                    b.flip();
                    s.writeFully(b, Duration.ofSeconds(10));
                    echoed.incrementAndGet();
                    return;
                }
                if (n < 0 || !Co.isCanceled()) {
                    failures.incrementAndGet();
                    return;
                }
                cancels.incrementAndGet();
            }
        } catch (Exception e) {
            failures.incrementAndGet();
        }
    }
}
