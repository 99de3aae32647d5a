package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.server.NetServer;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scheme+unix:///path} listen URLs, and a listener served on a Unix domain socket. */
class UnixListenerTest {
    @Test
    void unixListenUrlsNameTheSchemeAndTheSocketPath() {
        ListenUrl http = ListenUrl.parse("http+unix:///run/app.sock");
        assertThat(http.scheme()).isEqualTo("http");
        assertThat(http.isUnix()).isTrue();
        assertThat(http.unixPath()).isEqualTo("/run/app.sock");
        assertThat(http.socketAddress()).isEqualTo(UnixDomainSocketAddress.of("/run/app.sock"));
        assertThat(http).hasToString("http+unix:///run/app.sock");
        assertThat(ListenUrl.parse("TEXT+UNIX:///tmp/t.sock").scheme()).isEqualTo("text");
        assertThat(ListenUrl.parse("frame+unix:///tmp/f.sock").scheme()).isEqualTo("frame");
        assertThat(ListenUrl.parse("http://127.0.0.1:80").isUnix()).isFalse();
    }

    @Test
    void badUnixListenUrlsSayWhatIsWrong() {
        assertThatThrownBy(() -> ListenUrl.parse("http+unix://relative/path"))
                .hasMessageContaining("scheme+unix:///absolute/path");
        assertThatThrownBy(() -> ListenUrl.parse("udp+unix:///tmp/u.sock")).hasMessageContaining("udp");
        assertThatThrownBy(() -> ListenUrl.parse("http+unix:///" + "x".repeat(120)))
                .hasMessageContaining("107 bytes");
        assertThatThrownBy(() -> ListenUrl.parse("http+unix:///tmp/a.sock").address())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anHttpListenerAnswersOnAUnixSocketAndNamesItsAddressesUnix(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("web.sock");
        CompletableFuture<String> local = new CompletableFuture<>();
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            local.complete(
                    c.localAddress().getHostString() + " " + c.remoteAddress().getHostString());
            c.send(Response.text("over unix"));
        });
        NetServer server = new NetServer(ListenUrl.parse("http+unix://" + sock), cb, NetOptions.defaults(), null);
        server.start(null);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            ch.write(ByteBuffer.wrap(
                    "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf.clear()) >= 0) {
                out.write(buf.array(), 0, buf.position());
            }
            assertThat(out.toString(StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200 ")
                    .endsWith("over unix");
            assertThat(local.get(5, TimeUnit.SECONDS)).startsWith("unix:" + sock + " unix:");
        } finally {
            server.stopAccepting();
            server.closeAll();
            server.awaitIdle(Duration.ofSeconds(5));
        }
    }
}
