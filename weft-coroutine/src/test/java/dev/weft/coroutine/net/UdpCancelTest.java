package dev.weft.coroutine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.internal.poll.Poller;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Swoole's tests/swoole_coroutine/cancel/socket.phpt: a UDP recvfrom cancelled by another coroutine. */
class UdpCancelTest {
    @Test
    void cancelledReceiveFromReturnsNothingWithCanceledAndTheSocketStillReceives() throws Exception {
        try (CoDatagramSocket socket = CoDatagramSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture<String> cancelled = new CompletableFuture<>();
            CompletableFuture<String> received = new CompletableFuture<>();
            Coroutine server = Co.go(() -> {
                try {
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    SocketAddress from = socket.receive(buf, null);
                    cancelled.complete(from + " " + buf.position() + " " + Co.lastError() + " " + Co.isCanceled());
                    from = socket.receive(buf, Duration.ofSeconds(5));
                    received.complete(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
                } catch (Exception e) {
                    cancelled.completeExceptionally(e);
                }
            });
            String local = "udp.receive 127.0.0.1:" + ((InetSocketAddress) socket.localAddress()).getPort();
            await().until(() ->
                    server.suspension() != null && server.suspension().event().equals(local));
            assertThat(Co.suspensions()).anyMatch(s -> s.event().equals(local));
            assertThat(Co.cancel(server.id())).isTrue();
            assertThat(cancelled.get(5, TimeUnit.SECONDS)).isEqualTo("null 0 CO_CANCELED true");
            await().until(() -> server.suspension() != null);
            try (CoDatagramSocket client = CoDatagramSocket.open()) {
                assertThat(client.send(
                                ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)),
                                socket.localAddress(),
                                Duration.ofSeconds(1)))
                        .isTrue();
            }
            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("hi");
            await().until(() -> Poller.registrations() == 0);
        }
    }
}
