package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * weft-net's WebSocket server against the npm {@code ws} client, driven by
 * {@code src/test/node/ws-client.js}: text and binary echo, a fragmented message, ping/pong, a
 * 1000 close, and invalid UTF-8 answered with 1007. Needs node and npm (CI installs them in
 * {@code .ci/services.sh}); installs {@code ws} with {@code npm ci} once.
 */
class WsNodeClientTest {
    private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    @Test
    void theNpmWsClientPassesEveryStep() throws Exception {
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
}
