package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UdpWorkerTest {
    @Test
    void udpChildrenReceiveFromTheSocketTheMasterOpenedAndReplyToTheSender(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1", "app.udp", "true"), 3);
                DatagramSocket client = new DatagramSocket()) {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", c.port("udp"));
            Set<Long> udpPids = new HashSet<>(c.pids("udp"));
            client.setSoTimeout(5000);
            for (int i = 0; i < 20; i++) {
                byte[] b = ("m" + i).getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(b, b.length, server));
                DatagramPacket p = new DatagramPacket(new byte[256], 256);
                try {
                    client.receive(p);
                } catch (java.net.SocketTimeoutException e) {
                    throw new AssertionError("no reply to m" + i + "; master log:\n" + c.log(), e);
                }
                String[] reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).split(" ");
                assertThat(reply[1]).isEqualTo("m" + i);
                // Only the children of the udp Worker answer: proof they share the master's socket.
                assertThat(udpPids).contains(Long.parseLong(reply[0]));
            }
        }
    }
}
