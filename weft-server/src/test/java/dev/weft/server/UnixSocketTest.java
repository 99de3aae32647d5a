package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unix domain socket listeners on a real cluster: http+unix, text+unix, frame+unix; file mode; unlink at stop. */
class UnixSocketTest {

    @Test
    void aClusterServesHttpTextAndFrameOnUnixSocketsWithTheModeSetAndRemovesTheFilesAtStop(@TempDir Path dir)
            throws Exception {
        Path web = dir.resolve("web.sock");
        Path text = dir.resolve("text.sock");
        Path frame = dir.resolve("frame.sock");
        Map<String, String> props = Map.of(
                "app.count", "1",
                "app.unix", web.toString(),
                "app.unixMode", "600",
                "app.unixText", text.toString(),
                "app.unixFrame", frame.toString());
        try (Cluster c = Cluster.start(dir, props, 5)) {
            assertThat(http(web, "/")).startsWith("HTTP/1.1 200 ").endsWith("hello");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(web)))
                    .isEqualTo("rw-------");
            // The default mode: owner and group.
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(text)))
                    .isEqualTo("rw-rw----");
            assertThat(exchange(text, "hi\n".getBytes(StandardCharsets.UTF_8), 8))
                    .isEqualTo("echo hi\n".getBytes(StandardCharsets.UTF_8));
            byte[] framed = {0, 0, 0, 3, 'a', 'b', 'c'};
            assertThat(exchange(frame, framed, 7)).isEqualTo(framed);
            assertThat(listening(c, "unixweb")).isEqualTo("http+unix://" + web);

            c.master.destroy(); // SIGTERM: a normal stop
            assertThat(c.master.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(web).doesNotExist();
            assertThat(text).doesNotExist();
            assertThat(frame).doesNotExist();
        }
    }

    @Test
    void aStaleSocketFileIsReplacedAndALiveOneIsRefused(@TempDir Path dir) throws Exception {
        Path web = dir.resolve("web.sock");
        // A socket file left behind by a process that is gone.
        try (var ch = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(web));
        }
        assertThat(web).exists();
        Map<String, String> props = Map.of("app.count", "1", "app.unix", web.toString());
        try (Cluster c = Cluster.start(dir, props, 3)) {
            assertThat(http(web, "/")).startsWith("HTTP/1.1 200 ");
            // A second app on the same path does not take the live socket away.
            Path other = dir.resolve("other");
            Files.createDirectories(other);
            Cluster.CliResult second =
                    Cluster.cli(other, Map.of("app.count", "1", "app.unix", web.toString()), "start");
            assertThat(second.code()).isNotZero();
            assertThat(http(web, "/")).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void anUpgradeHandsTheUnixSocketOverWithoutUnlinkingIt(@TempDir Path dir) throws Exception {
        Path web = dir.resolve("web.sock");
        long newMaster = 0;
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1", "app.unix", web.toString()), 3)) {
            Object inode = Files.getAttribute(web, "unix:ino");
            Cluster.CliResult r = c.cli("upgrade");
            assertThat(r.code()).as(r.out() + r.err() + c.log()).isZero();
            assertThat(c.master.waitFor(30, TimeUnit.SECONDS)).isTrue();
            newMaster =
                    Long.parseLong(Files.readString(c.runDir.resolve("app.pid")).trim());
            c.awaitIdle(3, false);
            assertThat(Files.getAttribute(web, "unix:ino"))
                    .as("the same socket file: never unlinked")
                    .isEqualTo(inode);
            assertThat(http(web, "/")).startsWith("HTTP/1.1 200 ");

            Cluster.CliResult stop = c.cli("stop");
            assertThat(stop.code()).as(stop.err()).isZero();
            assertThat(web).as("the new master removes it at its stop").doesNotExist();
            newMaster = 0;
        } finally {
            if (newMaster != 0) killTree(newMaster);
        }
    }

    private static String listening(Cluster c, String worker) throws IOException {
        for (var p : c.status().path("processes")) {
            if (p.path("worker").asText().equals(worker))
                return p.path("listening").asText();
        }
        return null;
    }

    /** One HTTP request over the Unix socket, {@code Connection: close}; the whole response. */
    private static String http(Path socket, String path) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf.clear()) >= 0) out.write(buf.array(), 0, buf.position());
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends {@code bytes} and reads {@code n} bytes back. */
    private static byte[] exchange(Path socket, byte[] bytes, int n) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(bytes));
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until n bytes or the end
            }
            return java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }

    private static void killTree(long pid) throws Exception {
        var h = ProcessHandle.of(pid);
        if (h.isEmpty()) return;
        List<ProcessHandle> all = new ArrayList<>(h.get().descendants().toList());
        h.get().destroy();
        h.get().onExit().get(20, TimeUnit.SECONDS);
        for (ProcessHandle d : all) d.onExit().get(10, TimeUnit.SECONDS);
    }
}
