package dev.weft.server.internal.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixDatagramTest {
    @Test
    void aDatagramReachesASocketBoundToAPath(@TempDir Path dir) {
        String path = dir.resolve("notify.sock").toString();
        int fd = UnixDatagram.bind(path);
        try {
            assertThat(UnixDatagram.receive(fd)).as("nothing queued yet").isNull();
            UnixDatagram.send(path, "READY=1".getBytes(StandardCharsets.UTF_8));
            assertThat(UnixDatagram.receive(fd)).isEqualTo("READY=1");
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void aDatagramReachesASocketInTheAbstractNamespace() {
        String name = "@weft-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        int fd = UnixDatagram.bind(name);
        try {
            UnixDatagram.send(name, "STOPPING=1".getBytes(StandardCharsets.UTF_8));
            assertThat(UnixDatagram.receive(fd)).isEqualTo("STOPPING=1");
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void anAbstractNameHasALeadingNulAndNoTrailingOne() {
        assertThat(UnixDatagram.sockaddr("@ab")).containsExactly(1, 0, 0, 'a', 'b');
        assertThat(UnixDatagram.sockaddr("/x")).containsExactly(1, 0, '/', 'x', 0);
    }

    @Test
    void badAddressesAreRefusedWithAMessage() {
        assertThatThrownBy(() -> UnixDatagram.sockaddr("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> UnixDatagram.sockaddr("/" + "x".repeat(200))).hasMessageContaining("longer than 107");
        assertThatThrownBy(() -> UnixDatagram.send("/nonexistent/dir/sock", new byte[] {1}))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("sendto");
    }
}
