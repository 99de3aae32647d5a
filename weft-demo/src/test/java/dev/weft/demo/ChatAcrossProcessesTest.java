package dev.weft.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's chat with two chat processes: clients connected to different processes all get every message,
 * because the chat broadcasts through the topic {@code chat}.
 */
class ChatAcrossProcessesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aMessageReachesTheChatClientsOfEveryProcess() throws Exception {
        int http = freePort();
        int ws = freePort();
        int text = freePort();
        Map<String, String> env = Map.of(
                "WEFT_HTTP_PORT", "" + http,
                "WEFT_WS_PORT", "" + ws,
                "WEFT_TEXT_PORT", "" + text,
                "WEFT_HTTPS_PORT", "" + freePort(),
                "WEFT_WSS_PORT", "" + freePort(),
                "WEFT_WORKERS", "2",
                "WEFT_STANDBY", "0", // the chat is not reloadable; web's standbys would only cost CI memory
                "WEFT_RUN_DIR", dir.resolve("run").toString());
        ProcessBuilder pb = new ProcessBuilder(command("start"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("master.out").toFile());
        pb.environment().putAll(env);
        Process master = pb.start();
        List<WebSocket> sockets = new ArrayList<>();
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> client.send(
                                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200);
            // The kernel picks the process of each connection: connect until both chat processes have clients.
            List<DemoServerTest.Collector> clients = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                DemoServerTest.Collector c = new DemoServerTest.Collector();
                sockets.add(client.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + ws + "/"), c)
                        .get(10, TimeUnit.SECONDS));
                clients.add(c);
                return chatPids(env).size() == 2 && clients.size() >= 4;
            });
            sockets.getFirst().sendText("hello everyone", true).get(5, TimeUnit.SECONDS);
            for (DemoServerTest.Collector c : clients) {
                assertThat(c.texts.poll(20, TimeUnit.SECONDS)).isEqualTo("hello everyone");
            }
        } finally {
            sockets.forEach(WebSocket::abort);
            client.shutdownNow(); // close() would wait for the WebSockets' closing handshakes
            run(env, "stop");
            if (!master.waitFor(30, TimeUnit.SECONDS)) master.destroyForcibly();
        }
    }

    /** The pids of the chat processes that have a client now. */
    private static Set<Long> chatPids(Map<String, String> env) throws Exception {
        Set<Long> pids = new HashSet<>();
        for (JsonNode row : JSON.readTree(run(env, "connections", "--json")).path("connections")) {
            if (row.path("worker").asText().equals("chat"))
                pids.add(row.path("pid").asLong());
        }
        return pids;
    }

    private static String run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<String> command(String... args) {
        return DemoJvm.command(List.of("-Xmx64m"), args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
