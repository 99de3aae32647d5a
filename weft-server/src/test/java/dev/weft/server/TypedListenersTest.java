package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.Response;
import dev.weft.net.routing.Router;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The typed listeners serve in-process (a Worker's service started without a master) over real sockets. */
class TypedListenersTest {
    /** Starts the Worker's service on a free port of its own; returns the service and its port. */
    private static NetWorkerService start(TypedWorker<?, ?> typed) throws Exception {
        NetWorkerService service = (NetWorkerService) typed.worker().newService();
        service.start(null);
        return service;
    }

    private static void stop(NetWorkerService service) {
        service.stopAccepting();
        service.closeAll();
    }

    @Test
    void anHttpWorkerServesARouterThroughOnRequest() throws Exception {
        HttpWorker web = Worker.http("http://127.0.0.1:0")
                .name("typed-web")
                .onRequest(new Router()
                        .get("/", (c, r) -> c.send(Response.text("hello")))
                        .get("/n/{n}", (c, r) -> c.send("n=" + r.pathParams().getInt("n", 0))));
        assertThat(web.worker().name()).isEqualTo("typed-web");
        NetWorkerService s = start(web);
        int port = s.server().localAddress().getPort();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> hello = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.body()).isEqualTo("hello");
            HttpResponse<String> bad = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/n/x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("parameter 'n' must be an integer");
        } finally {
            stop(s);
        }
    }

    @Test
    void aTextWorkerGetsLinesAndSendsLines() throws Exception {
        TextWorker echo = Worker.text("text://127.0.0.1:0").onLine((c, line) -> c.send("echo " + line));
        NetWorkerService s = start(echo);
        try (Socket socket = new Socket("127.0.0.1", s.server().localAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("echo hi");
        } finally {
            stop(s);
        }
    }

    @Test
    void aWebSocketWorkerSendsTextAndBinaryBackThroughTheTypedConnection() throws Exception {
        WebSocketWorker ws = Worker.websocket("websocket://127.0.0.1:0")
                .onText((c, text) -> c.send("text:" + text))
                .onBinary((c, data) -> c.send(new byte[] {(byte) data.length}));
        NetWorkerService s = start(ws);
        CompletableFuture<String> text = new CompletableFuture<>();
        CompletableFuture<Integer> binary = new CompletableFuture<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws://127.0.0.1:"
                                    + s.server().localAddress().getPort() + "/"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                    text.complete(data.toString());
                                    w.request(1);
                                    return null;
                                }

                                @Override
                                public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                                    binary.complete((int) data.get());
                                    w.request(1);
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            socket.sendText("hey", true).get(10, TimeUnit.SECONDS);
            assertThat(text.get(10, TimeUnit.SECONDS)).isEqualTo("text:hey");
            socket.sendBinary(ByteBuffer.wrap(new byte[5]), true).get(10, TimeUnit.SECONDS);
            assertThat(binary.get(10, TimeUnit.SECONDS)).isEqualTo(5);
            socket.abort();
        } finally {
            stop(s);
        }
    }

    @Test
    void aBinaryMessageToAWebSocketWorkerWithOnlyOnTextClosesWith1003() throws Exception {
        WebSocketWorker ws = Worker.websocket("websocket://127.0.0.1:0").onText((c, text) -> c.send(text));
        NetWorkerService s = start(ws);
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws://127.0.0.1:"
                                    + s.server().localAddress().getPort() + "/"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                                    closed.complete(status);
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            socket.sendBinary(ByteBuffer.wrap(new byte[3]), true).get(10, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1003);
        } finally {
            stop(s);
        }
    }

    @Test
    void aTypedListenerRefusesAUrlOfAnotherScheme() {
        assertThatThrownBy(() -> Worker.text("http://127.0.0.1:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Worker.text listens on text:// or text+unix:// URLs, not http://127.0.0.1:0");
        assertThatThrownBy(() -> Worker.http("websocket://127.0.0.1:0")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Worker.http("https://127.0.0.1:0").worker().listen()).isEqualTo("https://127.0.0.1:0");
        assertThat(Worker.websocket("wss://127.0.0.1:0").worker().listen()).startsWith("wss://");
    }

    @Test
    void theTypedViewsSetTheCommonSettingsOnTheWorker() {
        FrameWorker f = Worker.frame("frame://127.0.0.1:0")
                .name("typed-frame")
                .count(3)
                .reloadable(false)
                .configure(w -> w.maxPackageSize(4096).stopTimeout(Duration.ofSeconds(5)))
                .onFrame((c, payload) -> c.send(payload));
        assertThat(f.worker().count()).isEqualTo(3);
        assertThat(f.worker().reloadable()).isFalse();
        assertThat(f.worker().stopTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Worker.tcp("tcp://127.0.0.1:0").onData((c, b) -> c.send(b)).connections())
                .isEmpty();
        assertThat(Worker.udp("udp://127.0.0.1:0")
                        .onDatagram((c, d) -> c.send(d))
                        .worker()
                        .listen())
                .startsWith("udp://");
    }
}
