package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** WebSocket features with the JDK client: subprotocols, the message size limit, pings. */
class WebSocketFeaturesTest {
    private static final Callbacks ECHO = new Callbacks().onMessage((Connection c, Object m) -> c.send(m));

    @Test
    void theServersMostPreferredSubprotocolTheClientOffersIsChosen() throws Exception {
        NetOptions opts = NetOptions.defaults().withSubprotocols(List.of("chat.v2", "chat.v1"));
        try (ServerFixture f = ServerFixture.start("websocket", ECHO, opts);
                HttpClient client = HttpClient.newHttpClient()) {
            WebSocket ws = client.newWebSocketBuilder()
                    .subprotocols("chat.v1", "chat.v2", "other")
                    .buildAsync(f.uri("ws", "/"), new WebSocketServingTest.Listener())
                    .get(5, TimeUnit.SECONDS);
            assertThat(ws.getSubprotocol()).isEqualTo("chat.v2");
            WebSocket plain = client.newWebSocketBuilder()
                    .subprotocols("other")
                    .buildAsync(f.uri("ws", "/"), new WebSocketServingTest.Listener())
                    .get(5, TimeUnit.SECONDS);
            assertThat(plain.getSubprotocol()).isEmpty();
            // HttpClient.close() waits for open WebSockets: end them first.
            ws.abort();
            plain.abort();
        }
    }

    @Test
    void aMessageOverMaxPackageSizeClosesWith1009() throws Exception {
        try (ServerFixture f = ServerFixture.start(
                        "websocket", ECHO, NetOptions.defaults().withMaxPackageSize(1024));
                HttpClient client = HttpClient.newHttpClient()) {
            WebSocketServingTest.Listener l = new WebSocketServingTest.Listener();
            WebSocket ws =
                    client.newWebSocketBuilder().buildAsync(f.uri("ws", "/"), l).get(5, TimeUnit.SECONDS);
            ws.sendText("small", true).get(5, TimeUnit.SECONDS);
            assertThat(l.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("small");
            ws.sendText("x".repeat(2000), true).get(5, TimeUnit.SECONDS);
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void pingsAreAnsweredWithTheirPayload() throws Exception {
        CompletableFuture<String> pong = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                pong.complete(StandardCharsets.UTF_8.decode(message).toString());
                return null;
            }
        };
        try (ServerFixture f = ServerFixture.start("websocket", ECHO);
                HttpClient client = HttpClient.newHttpClient()) {
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(f.uri("ws", "/"), listener)
                    .get(5, TimeUnit.SECONDS);
            ws.sendPing(ByteBuffer.wrap("hb-7".getBytes(StandardCharsets.UTF_8)))
                    .get(5, TimeUnit.SECONDS);
            assertThat(pong.get(5, TimeUnit.SECONDS)).isEqualTo("hb-7");
            ws.abort();
        }
    }
}
