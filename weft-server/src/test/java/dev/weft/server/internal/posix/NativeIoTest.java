package dev.weft.server.internal.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeIoTest {
    @Test
    void sockaddrInIsFamilyInHostOrderAndPortInNetworkOrder() throws Exception {
        byte[] sa = ListenSocket.sockaddr(InetAddress.getByName("127.0.0.1"), 8080);
        assertThat(sa).hasSize(16);
        assertThat(sa[0]).isEqualTo((byte) 2);
        assertThat(sa[1]).isZero();
        assertThat(sa[2] & 0xff).isEqualTo(0x1f);
        assertThat(sa[3] & 0xff).isEqualTo(0x90);
        assertThat(new byte[] {sa[4], sa[5], sa[6], sa[7]}).containsExactly(127, 0, 0, 1);
    }

    @Test
    void aListenSocketOnPortZeroAcceptsConnectionsOnTheBoundPort() throws Exception {
        try (ListenSocket ls = ListenSocket.open("http://127.0.0.1:0", false, 16)) {
            assertThat(ls.port()).isPositive();
            assertThat(ls.url()).isEqualTo("http://127.0.0.1:" + ls.port());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", ls.port()), 2000); // completes from the backlog
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aUdpListenSocketIsABoundDatagramSocketTheJdkCanAdopt() throws Exception {
        try (ListenSocket ls = ListenSocket.open("udp://127.0.0.1:0", false, 16);
                java.net.DatagramSocket client = new java.net.DatagramSocket()) {
            assertThat(ls.port()).isPositive();
            assertThat(ls.url()).isEqualTo("udp://127.0.0.1:" + ls.port());
            byte[] b = {1, 2, 3};
            // Queued in the socket's receive buffer: proof it is bound to that port as SOCK_DGRAM.
            client.send(new java.net.DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", ls.port())));
            assertThatThrownBy(() -> ListenSocket.open("udp://127.0.0.1:" + ls.port(), false, 16))
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void bindingAPortInUseFailsWithTheErrno() {
        try (ListenSocket first = ListenSocket.open("tcp://127.0.0.1:0", false, 16)) {
            assertThatThrownBy(() -> ListenSocket.open("tcp://127.0.0.1:" + first.port(), false, 16))
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void spawnedProcessExitCodeAndKillSignalAreDecoded() {
        String sh = "/bin/sh";
        long ok = Posix.spawn(new SpawnSpec(sh, List.of(sh, "-c", "exit 7"), envOf()));
        assertThat(Posix.waitpid(ok, 0)).isEqualTo(new WaitStatus(ok, 7, 0));
        long sleeper =
                Posix.spawn(new SpawnSpec(sh, List.of(sh, "-c", "exec sleep 30"), envOf()).newProcessGroup(true));
        assertThat(Posix.waitpid(sleeper, Posix.WNOHANG)).isNull();
        assertThat(Posix.kill(sleeper, Posix.SIGKILL)).isTrue();
        WaitStatus ws = Posix.waitpid(sleeper, 0);
        assertThat(ws.signal()).isEqualTo(9);
        assertThat(ws.status()).isEqualTo(137);
        assertThat(Posix.kill(sleeper, 0)).isFalse();
    }

    private static List<String> envOf() {
        return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }
}
