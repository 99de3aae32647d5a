package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket message of a type the handler does not take closes with 1003 (RFC 6455 section 7.4.1),
 * unless onBinary takes binary messages.
 */
class WebSocketUnsupportedDataTest {
    /** Collects texts, binaries and the close code a JDK WebSocket client receives. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                texts.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                binaries.add(binary.toByteArray());
                binary.reset();
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

    /** A handler that takes only text, as a named class: its bridge method does the cast. */
    static final class TextOnly implements MessageHandler<String> {
        @Override
        public void onMessage(Connection c, String text) {
            c.send("echo:" + text);
        }
    }

    @Test
    void aBinaryMessageToATextOnlyLambdaClosesWith1003AndIsReported() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, String text) -> c.send("echo:" + text))
                .onError((c, code, message) -> errors.add(code + " " + message));
        try (LogCapture log = new LogCapture()) {
            assertClosesWith1003OnBinary(cb);
            assertThat(errors)
                    .singleElement()
                    .asString()
                    .startsWith(
                            ErrorHandler.PROTOCOL_ERROR + " a binary message, but the handler does not take byte[]");
            await().untilAsserted(() ->
                    assertThat(log.containing("1003 unsupported data")).isNotEmpty());
            assertThat(log.containing("callback failed")).isEmpty();
        }
    }

    @Test
    void aBinaryMessageToATextOnlyNamedHandlerClosesWith1003() throws Exception {
        assertClosesWith1003OnBinary(new Callbacks().onMessage(new TextOnly()));
    }

    @Test
    void aTextMessageToABinaryOnlyHandlerClosesWith1003() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, byte[] data) -> c.send(data));
        try (ServerFixture f = ServerFixture.start("websocket", cb);
                HttpClient http = HttpClient.newHttpClient()) {
            Client l = new Client();
            WebSocket ws =
                    http.newWebSocketBuilder().buildAsync(f.uri("ws", "/"), l).get(5, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), true).get(5, TimeUnit.SECONDS);
            assertThat(l.binaries.poll(5, TimeUnit.SECONDS)).containsExactly(1, 2);
            ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1003);
        }
    }

    @Test
    void binaryMessagesReachOnBinaryWhenItIsSet() throws Exception {
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, String text) -> c.send("text:" + text))
                .onBinary((c, data) -> c.send(("binary:" + data.length).getBytes(StandardCharsets.UTF_8)));
        try (ServerFixture f = ServerFixture.start("websocket", cb);
                HttpClient http = HttpClient.newHttpClient()) {
            Client l = new Client();
            WebSocket ws =
                    http.newWebSocketBuilder().buildAsync(f.uri("ws", "/"), l).get(5, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
            assertThat(l.binaries.poll(5, TimeUnit.SECONDS))
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("binary:3");
            ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
            assertThat(l.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("text:hi");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }

    @Test
    void aClassCastExceptionInsideTheHandlersBodyIsAFailureNotUnsupportedData() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, String text) -> {
            Object notAString = List.of(text);
            c.send((String) notAString);
        });
        try (LogCapture log = new LogCapture();
                ServerFixture f = ServerFixture.start("websocket", cb);
                HttpClient http = HttpClient.newHttpClient()) {
            Client l = new Client();
            WebSocket ws =
                    http.newWebSocketBuilder().buildAsync(f.uri("ws", "/"), l).get(5, TimeUnit.SECONDS);
            ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isNotEqualTo(1003);
            await().untilAsserted(
                            () -> assertThat(log.containing("callback failed")).isNotEmpty());
        }
    }

    /** Text is echoed; then a binary message closes the connection with 1003. */
    private static void assertClosesWith1003OnBinary(Callbacks cb) throws Exception {
        try (ServerFixture f = ServerFixture.start("websocket", cb);
                HttpClient http = HttpClient.newHttpClient()) {
            Client l = new Client();
            WebSocket ws =
                    http.newWebSocketBuilder().buildAsync(f.uri("ws", "/"), l).get(5, TimeUnit.SECONDS);
            ws.sendText("hi", true).get(5, TimeUnit.SECONDS);
            assertThat(l.texts.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:hi");
            ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0}), true).get(5, TimeUnit.SECONDS);
            assertThat(l.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1003);
            await().until(() -> f.server.connectionCount() == 0);
        }
    }
}
