package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebSocketServingTest {
    /** Collects what the server sends to a JDK WebSocket client. */
    static final class Listener implements WebSocket.Listener {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }

    @Test
    void echoesTextMessagesToTheJdkClient() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, String text) -> c.send("echo:" + text));
        try (ServerFixture f = ServerFixture.start("websocket", cb);
                HttpClient client = HttpClient.newHttpClient()) {
            Listener l = new Listener();
            WebSocket ws =
                    client.newWebSocketBuilder().buildAsync(f.uri("ws", "/"), l).get(5, TimeUnit.SECONDS);
            ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
            assertThat(l.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:hi");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }

    @Test
    void retiringSendsGoingAway1001() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, String text) -> c.send(text));
        try (ServerFixture f = ServerFixture.start("websocket", cb);
                HttpClient client = HttpClient.newHttpClient()) {
            Listener l = new Listener();
            WebSocket ws =
                    client.newWebSocketBuilder().buildAsync(f.uri("ws", "/"), l).get(5, TimeUnit.SECONDS);
            ws.sendText("ping", true).get(5, TimeUnit.SECONDS);
            assertThat(l.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("ping");
            f.server.retire();
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
        }
    }

    @Test
    void onWebSocketConnectMayRejectTheHandshake() throws Exception {
        Callbacks cb = new Callbacks()
                .onWebSocketConnect((c, request) -> !request.path().equals("/private"));
        try (ServerFixture f = ServerFixture.start("websocket", cb);
                HttpClient client = HttpClient.newHttpClient()) {
            CompletableFuture<WebSocket> attempt =
                    client.newWebSocketBuilder().buildAsync(f.uri("ws", "/private"), new Listener());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> attempt.get(5, TimeUnit.SECONDS))
                    .rootCause()
                    .hasMessageContaining("403");
        }
    }
}
