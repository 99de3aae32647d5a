package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's control socket against other users and garbage; the environment children inherit. */
class ControlSocketTest {

    @Test
    void controlSocketIsOwnerOnlyAndAnswersGarbageWithAnErrorWhileServingOn(@TempDir Path dir) throws Exception {
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1"), 1)) {
            Path sock = c.settings().controlSocket();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)))
                    .isEqualTo("rw-------");
            List<Long> pids = c.pids("web");

            assertThat(exchange(sock, "hello, master\n"))
                    .contains("\"ok\":false")
                    .contains("bad request: not JSON");
            assertThat(exchange(sock, "{\"cmd\":\n")).contains("\"ok\":false").contains("bad request: not JSON");
            assertThat(exchange(sock, "[1,2,3]\n")).contains("\"ok\":false").contains("bad request");
            assertThat(exchange(sock, "{\"cmd\":\"no-such\"}\n"))
                    .contains("\"ok\":false")
                    .contains("unknown command no-such");
            assertThat(exchange(sock, "x".repeat(2 << 20)))
                    .satisfiesAnyOf(r -> assertThat(r).contains("request line longer than"), r -> assertThat(c.log())
                            .contains("request line longer than")); // the unread rest may reset the answer away

            assertThat(c.log()).contains("control socket: bad request (not JSON");
            assertThat(c.master.isAlive()).isTrue();
            assertThat(c.status().path("processes")).hasSize(1);
            assertThat(c.pids("web")).isEqualTo(pids);
        }
    }

    @Test
    void anotherUserCannotConnectToTheControlSocket(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs root (to switch to nobody) and /usr/bin/python3");
        try (Cluster c = Cluster.start(dir, Map.of("app.count", "1"), 1)) {
            // Open every directory on the way, so that only the socket's own mode 0600 stands in the way.
            for (Path p = c.runDir; p != null && p.startsWith(dir.getParent()); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Process p = new ProcessBuilder(
                            "setpriv",
                            "--reuid=nobody",
                            "--regid=nogroup",
                            "--clear-groups",
                            "/usr/bin/python3",
                            "-c",
                            "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ntry:\n s.connect(sys.argv[1]); print('connected')\n"
                                    + "except OSError as e:\n print('refused', e)",
                            c.settings().controlSocket().toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            assertThat(out).startsWith("refused").contains("Permission denied");
            assertThat(c.master.isAlive()).isTrue();
        }
    }

    @Test
    void childrenInheritTheMastersEnvironmentIncludingWeftVariables(@TempDir Path dir) throws Exception {
        try (Cluster c =
                Cluster.startWith(dir, Map.of("app.count", "2"), 2, List.of(), Map.of("WEFT_APP_PROBE", "inherited"))) {
            await().until(() ->
                    c.events().stream().filter(e -> e.startsWith("env ")).count() == 2);
            assertThat(c.events()).contains("env 0 inherited", "env 1 inherited");
        }
    }

    private static String exchange(Path sock, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            try {
                ByteBuffer buf = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
                while (buf.hasRemaining()) ch.write(buf);
            } catch (IOException e) {
                // answered and closed before reading all of it
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = Channels.newInputStream(ch);
            try {
                in.transferTo(out);
            } catch (IOException e) {
                // reset after the answer
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
