package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.net.websocket.PerMessageDeflate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * weft-net's WebSocket server against the npm {@code ws} client, driven by
 * {@code src/test/node/ws-client.js}: text and binary echo, a fragmented message, ping/pong, a
 * 1000 close, and invalid UTF-8 answered with 1007; and by {@code src/test/node/ws-deflate.js}, with
 * and without permessage-deflate. Needs node and npm (CI installs them in {@code .ci/services.sh});
 * installs {@code ws} with {@code npm ci} once.
 */
class WsNodeClientTest {
    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    /** The deflate script's large text message is about 100 KB; the server must see it compressed. */
    private static final int LARGE = 90_000;

    @Test
    void theNpmWsClientPassesEveryStep() throws Exception {
        installWs();
        Callbacks cb = new Callbacks().onMessage((Connection c, Object m) -> c.send(m));
        try (ServerFixture f = ServerFixture.start("websocket", cb)) {
            Cli.Result r = Cli.run(
                    NODE_DIR,
                    60,
                    List.of("node", "ws-client.js", f.uri("ws", "/").toString()));
            assertThat(r.code()).as("node ws-client.js:\n" + r.out() + r.err()).isZero();
            assertThat(r.out())
                    .containsSubsequence(
                            "ok text echo",
                            "ok binary echo",
                            "ok fragmented message",
                            "ok ping answered with pong",
                            "ok close 1000",
                            "ok invalid utf-8 closes with 1007");
        }
    }

    @Test
    void theNpmWsClientNegotiatesPerMessageDeflateByDefaultAndABombClosesWith1009() throws Exception {
        AtomicLong largeReceivedAfter = new AtomicLong();
        String out = runDeflate(NetOptions.defaults(), "deflate", largeReceivedAfter);
        assertThat(out)
                .contains("extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover")
                .containsSubsequence(
                        "ok negotiation",
                        "ok large text echo",
                        "ok binary echo",
                        "ok small text echo",
                        "ok fragmented message",
                        "ok many similar messages",
                        "ok ping answered with pong",
                        "ok close 1000",
                        "ok a message inflating past the limit closes with 1009");
        // The client compressed it too: the whole connection had read far less than the message.
        assertThat(largeReceivedAfter.get()).isPositive().isLessThan(LARGE / 4);
    }

    @Test
    void theNpmWsClientKeepsItsContextWithAServerThatKeepsItsOwn() throws Exception {
        String out = runDeflate(
                NetOptions.defaults().withPerMessageDeflate(PerMessageDeflate.CONTEXT_TAKEOVER), "takeover", null);
        assertThat(out)
                .contains("extensions: permessage-deflate\n")
                .containsSubsequence("ok large text echo", "ok many similar messages", "ok close 1000");
    }

    @Test
    void theNpmWsClientWithoutCompressionGetsNone() throws Exception {
        String out = runDeflate(NetOptions.defaults(), "no-offer", null);
        assertThat(out).contains("extensions: \n").containsSubsequence("ok large text echo", "ok close 1000");
    }

    @Test
    void aServerWithPerMessageDeflateOffDeclinesTheOffer() throws Exception {
        String out = runDeflate(NetOptions.defaults().withPerMessageDeflate(PerMessageDeflate.OFF), "declined", null);
        assertThat(out).contains("extensions: \n").containsSubsequence("ok large text echo", "ok close 1000");
    }

    /**
     * Runs ws-deflate.js in {@code mode} against an echo server with a 1 MiB message limit; records
     * in {@code largeReceivedAfter} how many bytes the connection had read when the large text arrived.
     */
    private static String runDeflate(NetOptions options, String mode, AtomicLong largeReceivedAfter) throws Exception {
        installWs();
        Callbacks cb = new Callbacks().onMessage((Connection c, Object m) -> {
            if (largeReceivedAfter != null && m instanceof String s && s.length() > LARGE) {
                largeReceivedAfter.compareAndSet(0, c.bytesRead());
            }
            c.send(m);
        });
        try (ServerFixture f = ServerFixture.start("websocket", cb, options.withMaxPackageSize(1 << 20))) {
            Cli.Result r = Cli.run(
                    NODE_DIR,
                    120,
                    List.of("node", "ws-deflate.js", f.uri("ws", "/").toString(), mode));
            assertThat(r.code())
                    .as("node ws-deflate.js " + mode + ":\n" + r.out() + r.err())
                    .isZero();
            return r.out();
        }
    }

    private static void installWs() throws Exception {
        if (!Cli.installed("node") || !Cli.installed("npm")) {
            fail("node and npm are required by WsNodeClientTest but are not on the PATH "
                    + "(apt-get install -y nodejs npm; CI does this in .ci/services.sh)");
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/ws"))) {
            Cli.Result install = Cli.run(NODE_DIR, 300, List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertThat(install.code())
                    .as("npm ci in " + NODE_DIR + ":\n" + install.out() + install.err())
                    .isZero();
        }
    }
}
