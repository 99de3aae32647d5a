package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.internal.protocol.TextProtocol;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UdpServingTest {
    private static UdpServer start(Callbacks cb, dev.weft.net.protocol.Protocol<?, ?> protocol) throws Exception {
        UdpServer s = new UdpServer(ListenUrl.parse("udp://127.0.0.1:0"), cb, protocol);
        s.start(null);
        return s;
    }

    private static String roundTrip(DatagramSocket client, InetSocketAddress to, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(b, b.length, to));
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        client.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void echoesEachDatagramToItsSender() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, byte[] data) -> c.send(data));
        UdpServer s = start(cb, null);
        try (DatagramSocket a = new DatagramSocket();
                DatagramSocket b = new DatagramSocket()) {
            a.setSoTimeout(5000);
            b.setSoTimeout(5000);
            for (int i = 0; i < 50; i++) {
                assertThat(roundTrip(a, s.localAddress(), "a" + i)).isEqualTo("a" + i);
                assertThat(roundTrip(b, s.localAddress(), "b" + i)).isEqualTo("b" + i);
            }
            String big = "x".repeat(60_000);
            assertThat(roundTrip(a, s.localAddress(), big)).isEqualTo(big);
        } finally {
            s.stop();
        }
    }

    @Test
    void aProtocolSplitsOneDatagramIntoMessagesAndEncodesReplies() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, String line) -> c.send(line.toUpperCase()));
        UdpServer s = start(cb, new TextProtocol(1024));
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(5000);
            assertThat(roundTrip(client, s.localAddress(), "one\ntwo\npartial")).isEqualTo("ONE\n");
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            client.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("TWO\n");
            // "partial" had no newline: dropped, not glued to the next datagram.
            assertThat(roundTrip(client, s.localAddress(), "three\n")).isEqualTo("THREE\n");
        } finally {
            s.stop();
        }
    }

    @Test
    void aFailingHandlerDoesNotStopTheReceiveLoopAndCloseEndsSends() throws Exception {
        AtomicReference<Boolean> sendAfterClose = new AtomicReference<>();
        Callbacks cb = new Callbacks().onMessage((Connection c, byte[] data) -> {
            String s = new String(data, StandardCharsets.UTF_8);
            if (s.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            c.close("bye " + s);
            sendAfterClose.set(c.send("again"));
            assertThat(c).isInstanceOf(UdpConnection.class);
        });
        UdpServer s = start(cb, null);
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(5000);
            byte[] boom = "boom".getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(boom, boom.length, s.localAddress()));
            assertThat(roundTrip(client, s.localAddress(), "x")).isEqualTo("bye x");
            // The reply left before the handler's second send: wait for the handler to finish.
            org.awaitility.Awaitility.await()
                    .untilAsserted(() -> assertThat(sendAfterClose.get()).isFalse());
            assertThat(s.isReceiving()).isTrue();
        } finally {
            s.stop();
        }
    }
}
