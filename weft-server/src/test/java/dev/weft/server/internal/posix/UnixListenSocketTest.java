package dev.weft.server.internal.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ListenSocket on a Unix domain socket path: mode, stale files, unlink. */
class UnixListenSocketTest {
    @Test
    void aUnixListenSocketHasTheModeAcceptsConnectionsAndUnlinksItsFile(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("a.sock");
        try (ListenSocket ls = ListenSocket.open("http+unix://" + sock, false, 16, 0640)) {
            assertThat(ls.isUnix()).isTrue();
            assertThat(ls.created()).isTrue();
            assertThat(ls.url()).isEqualTo("http+unix://" + sock);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)))
                    .isEqualTo("rw-r-----");
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                assertThat(c.connect(UnixDomainSocketAddress.of(sock))).isTrue();
            }
            ls.unlink();
            assertThat(sock).doesNotExist();
        }
    }

    @Test
    void aStaleFileIsReplacedALiveSocketOrAPlainFileIsRefused(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("a.sock");
        try (ListenSocket first = ListenSocket.open("text+unix://" + sock, false, 16, 0600)) {
            assertThatThrownBy(() -> ListenSocket.open("text+unix://" + sock, false, 16, 0600))
                    .hasMessageContaining("another process listens");
        }
        // Closed but not unlinked: a stale file, as a killed master leaves it.
        assertThat(sock).exists();
        try (ListenSocket again = ListenSocket.open("text+unix://" + sock, false, 16, 0600)) {
            assertThat(again.isUnix()).isTrue();
        }
        Path plain = Files.writeString(dir.resolve("plain"), "data");
        assertThatThrownBy(() -> ListenSocket.open("frame+unix://" + plain, false, 16, 0600))
                .hasMessageContaining("not a socket");
        assertThat(plain).hasContent("data");
    }

    @Test
    void anAdoptedUnixSocketKnowsItIsNotItsOwn() {
        ListenSocket ls = ListenSocket.adopt(-1, "http+unix:///run/x.sock");
        assertThat(ls.isUnix()).isTrue();
        assertThat(ls.created()).isFalse();
        assertThat(ls.url()).isEqualTo("http+unix:///run/x.sock");
    }
}
