package dev.weft.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.coroutine.EventLoops;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a user runs it: a real master with its worker processes (one per Worker here), driven
 * over real sockets and through its own CLI.
 */
class DemoServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Map<String, String> env;
    static Process master;
    static int http;
    static int ws;
    static int text;
    static int https;
    static int wss;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        http = freePort();
        ws = freePort();
        text = freePort();
        https = freePort();
        wss = freePort();
        env = Map.of(
                "WEFT_HTTPS_PORT",
                "" + https,
                "WEFT_WSS_PORT",
                "" + wss,
                "WEFT_HTTP_PORT",
                "" + http,
                "WEFT_WS_PORT",
                "" + ws,
                "WEFT_TEXT_PORT",
                "" + text,
                "WEFT_WORKERS",
                "1",
                "WEFT_RUN_DIR",
                dir.resolve("run").toString());
        ProcessBuilder pb = new ProcessBuilder(command("start"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("master.out").toFile());
        pb.environment().putAll(env);
        master = pb.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get("/").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (master != null) {
            cli("stop");
            if (!master.waitFor(20, TimeUnit.SECONDS)) {
                master.destroyForcibly();
            }
        }
    }

    @Test
    void rootAnswersHelloAsPlainText() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    }

    @Test
    void jsonAndCoroutinesAnswerJson() throws Exception {
        assertThat(JSON.readTree(get("/json").body()).path("message").asText()).isEqualTo("hello");
        JsonNode co = JSON.readTree(get("/coroutines").body());
        assertThat(co.path("coroutines").isArray()).isTrue();
        assertThat(co.path("count").asInt()).isEqualTo(co.path("coroutines").size());
    }

    @Test
    void aSleepCancelledThroughTheCliAnswersAtOnceSayingSo() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/sleep?ms=60000"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String target = await().atMost(Duration.ofSeconds(20)).until(DemoServerTest::sleeper, t -> t != null);
        assertThat(cli("co", "cancel", target)).isZero();
        HttpResponse<String> r = pending.get(10, TimeUnit.SECONDS);
        assertThat(r.body()).startsWith("cancelled after");
        assertThat(r.headers().firstValue("x-weft-cancelled")).hasValue("true");
    }

    @Test
    void textEchoReturnsEachLine() throws Exception {
        try (Socket s = new Socket("127.0.0.1", text)) {
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.print("one\ntwo\n");
            out.flush();
            assertThat(in.readLine()).isEqualTo("one");
            assertThat(in.readLine()).isEqualTo("two");
        }
    }

    @Test
    void chatBroadcastsAMessageToEveryClientAndNothingBefore() throws Exception {
        Collector a = new Collector();
        Collector b = new Collector();
        WebSocket wa = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + ws + "/"), a)
                .get(10, TimeUnit.SECONDS);
        WebSocket wb = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + ws + "/"), b)
                .get(10, TimeUnit.SECONDS);
        assertThat(a.texts.poll(200, TimeUnit.MILLISECONDS)).isNull();
        wa.sendText("hi all", true).get(5, TimeUnit.SECONDS);
        assertThat(a.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("hi all");
        assertThat(b.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("hi all");
        wa.abort();
        wb.abort();
    }

    @Test
    void chatBroadcastsBinaryMessagesToo() throws Exception {
        Collector a = new Collector();
        Collector b = new Collector();
        WebSocket wa = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + ws + "/"), a)
                .get(10, TimeUnit.SECONDS);
        WebSocket wb = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + ws + "/"), b)
                .get(10, TimeUnit.SECONDS);
        wa.sendBinary(ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff}), true).get(5, TimeUnit.SECONDS);
        assertThat(a.binaries.poll(10, TimeUnit.SECONDS)).containsExactly(0, 1, 0xff);
        assertThat(b.binaries.poll(10, TimeUnit.SECONDS)).containsExactly(0, 1, 0xff);
        // The connection is still open: text keeps flowing after binary.
        wa.sendText("still here", true).get(5, TimeUnit.SECONDS);
        assertThat(b.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("still here");
        assertThat(a.closed).isNotDone();
        wa.abort();
        wb.abort();
    }

    @Test
    void statusJsonListsEveryWorkerProcessAndTheStandbys() throws Exception {
        // One process per Worker, and a warm standby for each reloadable one (web, web-tls), started once
        // the slots serve.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = JSON.readTree(runWithEnv("status", "--json"));
            if (s.path("master").path("processes").asInt() != 7) return false;
            for (JsonNode p : s.path("processes"))
                if (!p.path("status").asText().matches("idle|standby")) return false; // not "starting"
            return true;
        });
        JsonNode doc = JSON.readTree(runWithEnv("status", "--json"));
        List<String> listening = new ArrayList<>();
        List<String> standbys = new ArrayList<>();
        doc.path("processes").forEach(n -> {
            if (n.path("status").asText().equals("standby"))
                standbys.add(n.path("worker").asText());
            else listening.add(n.path("listening").asText());
        });
        assertThat(listening)
                .containsExactlyInAnyOrder(
                        "http://127.0.0.1:" + http,
                        "websocket://127.0.0.1:" + ws,
                        "text://127.0.0.1:" + text,
                        "https://127.0.0.1:" + https,
                        "wss://127.0.0.1:" + wss);
        assertThat(standbys).containsExactlyInAnyOrder("web", "web-tls");
    }

    @Test
    void httpsServesTheRoutesOfHttpWithASelfSignedCertificateMadeInTheRunDirectory() throws Exception {
        Path pem = dir.resolve("run/tls/demo-cert.pem");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pem));
        try (HttpClient tls = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting(pem))
                .build()) {
            URI root = URI.create("https://127.0.0.1:" + https + "/");
            HttpResponse<String> r = await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () -> tls.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString()),
                            x -> x.statusCode() == 200);
            assertThat(r.body()).isEqualTo("hello");
            HttpResponse<String> json = tls.send(
                    HttpRequest.newBuilder(root.resolve("/json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(json.body()).path("message").asText()).isEqualTo("hello");
        }
        // The README's command.
        Process curl = new ProcessBuilder("curl", "-sk", "--max-time", "20", "https://127.0.0.1:" + https + "/")
                .redirectErrorStream(true)
                .start();
        assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("hello");
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theWssChatIsTheSameChatAsTheWsOne() throws Exception {
        Path pem = dir.resolve("run/tls/demo-cert.pem");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pem));
        try (HttpClient tls = HttpClient.newBuilder().sslContext(trusting(pem)).build()) {
            Collector secure = new Collector();
            Collector plain = new Collector();
            WebSocket wss = await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () -> tls.newWebSocketBuilder()
                                    .buildAsync(URI.create("wss://127.0.0.1:" + DemoServerTest.wss + "/"), secure)
                                    .get(10, TimeUnit.SECONDS),
                            w -> w != null);
            WebSocket wsc = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + ws + "/"), plain)
                    .get(10, TimeUnit.SECONDS);
            wss.sendText("from wss", true).get(5, TimeUnit.SECONDS);
            assertThat(plain.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("from wss");
            assertThat(secure.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("from wss");
            wsc.sendText("from ws", true).get(5, TimeUnit.SECONDS);
            assertThat(secure.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("from ws");
            wss.abort();
            wsc.abort();
        }
    }

    /** A client context that trusts the demo's self-signed certificate. */
    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        try (var in = Files.newInputStream(pem)) {
            ts.setCertificateEntry(
                    "demo", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** {@code PID:CID} of the coroutine sleeping in /sleep, from {@code co list --json}, or null. */
    private static String sleeper() throws Exception {
        JsonNode doc = JSON.readTree(runWithEnv("co", "list", "--json"));
        for (JsonNode p : doc.path("processes")) {
            for (JsonNode c : p.path("result").path("coroutines")) {
                if ("sleep".equals(c.path("suspension").path("event").asText())) {
                    return p.path("pid").asLong() + ":" + c.path("id").asLong();
                }
            }
        }
        return null;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int cli(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static String runWithEnv(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<String> command(String... args) {
        // Event loops as under ./weft; the fallback-scheduler test run passes its mode on.
        List<String> jvm = new ArrayList<>(List.of(EventLoops.ADD_OPENS));
        String loop = System.getProperty("weft.loop");
        if (loop != null) jvm.add("-Dweft.loop=" + loop);
        return DemoJvm.command(jvm, args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Collects the text and binary messages, and the close code, a WebSocket client receives. */
    static final class Collector implements WebSocket.Listener {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partialBinary.writeBytes(bytes);
            if (last) {
                binaries.add(partialBinary.toByteArray());
                partialBinary.reset();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
