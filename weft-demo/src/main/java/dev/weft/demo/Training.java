package dev.weft.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.net.Callbacks;
import dev.weft.net.ListenUrl;
import dev.weft.net.NetOptions;
import dev.weft.net.server.NetServer;
import dev.weft.server.Weft;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training runs of the AOT caches that {@code ./weft} builds (JDK 25, JEP 483/514). An AOT cache
 * loads every class it holds into every JVM that uses it, so each kind of JVM gets its own cache,
 * trained on what that kind runs and nothing more:
 *
 * <ul>
 *   <li>{@code server}: a worker's path, an HTTP listener serving real requests from a plain socket
 *       client (not {@code java.net.http.HttpClient}, whose classes a worker never needs);
 *   <li>{@code cli}: {@code status}, {@code co summary}, {@code co list --json} and {@code co kill} against
 *       a stand-in master that answers on the control socket, the way the real commands read, parse and
 *       print the master's answers.
 * </ul>
 *
 * Without an argument it runs both. It binds only an ephemeral loopback port and a socket in a
 * temporary directory, and exits.
 */
public final class Training {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Training() {}

    /** Runs the workload named by {@code args[0]} ({@code server} or {@code cli}), or both. */
    public static void main(String[] args) throws Exception {
        String role = args.length > 0 ? args[0] : "all";
        switch (role) {
            case "server" -> server();
            case "cli" -> cli();
            case "all" -> {
                server();
                cli();
            }
            default -> throw new IllegalArgumentException("training role must be server or cli, got " + role);
        }
    }

    private static void server() throws IOException, InterruptedException {
        NetServer server = new NetServer(
                ListenUrl.parse("http://127.0.0.1:0"),
                new Callbacks().onMessage(DemoHttp.ROUTER),
                NetOptions.defaults(),
                null);
        server.start(null);
        int port = server.localAddress().getPort();
        for (String path : new String[] {"/", "/json", "/coroutines", "/sleep?ms=1", "/missing"}) {
            get(port, path, true);
            get(port, path, false);
        }
        server.stopAccepting();
        server.closeAll();
        server.awaitIdle(Duration.ofSeconds(2));
        Co.dump();
    }

    /** One request over a plain socket; reads the whole answer (to EOF, so the server closes first). */
    private static void get(int port, String path, boolean close) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (close ? "Connection: close\r\n" : "")
                    + "\r\n";
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            if (close) {
                while (in.read(buf) >= 0) {
                    // drain to EOF
                }
            } else {
                in.read(buf); // the first bytes of a kept-alive answer are enough to exercise the path
            }
        } catch (IOException e) {
            // a training request that fails still trained the path it took
        }
    }

    private static void cli() throws Exception {
        Path dir = Files.createTempDirectory("weft-training");
        try {
            Weft.runDir(dir.toString());
            Weft.appName("weft");
            var settings = Weft.settings();
            Files.writeString(
                    settings.pidFile(), Long.toString(ProcessHandle.current().pid()));
            try (ServerSocketChannel control = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                control.bind(UnixDomainSocketAddress.of(settings.controlSocket()));
                Thread master = Thread.ofPlatform().daemon().start(() -> answer(control, 4));
                Weft.run("status");
                Weft.run("status", "--help");
                // The co commands an operator runs on a big process: their classes and picocli spec too.
                Weft.run("co", "summary");
                Weft.run("co", "list", "--json");
                Weft.run("co", "kill", "--older-than", "1h");
                master.join(2000);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The stand-in master: {@code n} requests ({@code status}, {@code co summary}, {@code co list} streamed,
     * {@code co kill}), each answered as a master with one child would, in the control socket's framing (a
     * JSON document per line).
     */
    private static void answer(ServerSocketChannel control, int n) {
        for (int i = 0; i < n; i++) {
            try (SocketChannel ch = control.accept();
                    BufferedReader in = new BufferedReader(Channels.newReader(ch, StandardCharsets.UTF_8))) {
                JsonNode request = MAPPER.readTree(in.readLine());
                StringBuilder lines = new StringBuilder();
                String cmd = request.path("cmd").asText();
                if (request.path("stream").asBoolean()) {
                    lines.append("{\"stream\":\"start\",\"pid\":2,\"worker\":\"web\",\"slot\":0}\n")
                            .append(SAMPLE_ROW)
                            .append('\n')
                            .append("{\"stream\":\"end\",\"reply\":")
                            .append(MAPPER.writeValueAsString(
                                    process(cmd, MAPPER.readTree("{\"count\":1,\"total\":1}"))))
                            .append("}\n{\"stream\":\"done\"}\n");
                } else {
                    ObjectNode answer = MAPPER.createObjectNode().put("ok", true);
                    answer.set("reply", cmd.equals("status") ? sampleStatus() : gathered(cmd));
                    lines.append(MAPPER.writeValueAsString(answer)).append('\n');
                }
                ch.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                // the CLI then reports "not reachable": that path is trained instead
            }
        }
    }

    /** One coroutine's row, as a child streams it. */
    private static final String SAMPLE_ROW =
            "{\"pid\":2,\"id\":7,\"name\":\"spawned\",\"parent\":-1,\"state\":\"SUSPENDED\","
                    + "\"system\":false,\"age_ms\":5000.5,\"kill_pending\":false,\"suspension\":{\"id\":3,\"event\":\"sleep\","
                    + "\"age_ms\":5000.25,\"limit_ms\":3600000.0,\"cancellable\":true,\"idle\":false}}";

    /** A gathered answer of one child: {@code {cmd, processes: [reply], missing: []}}. */
    private static JsonNode gathered(String cmd) throws IOException {
        JsonNode result = cmd.equals("summary")
                ? MAPPER.readTree("{\"total\":1,\"by_state\":{\"SUSPENDED\":1},\"by_event\":{\"sleep\":{\"count\":1,"
                        + "\"p50_ms\":5000.0,\"p90_ms\":5000.0,\"p99_ms\":5000.0,\"max_ms\":5000.25,"
                        + "\"histogram\":[[431,1]]}},\"oldest\":[" + SAMPLE_ROW + "]}")
                : MAPPER.readTree("{\"older_than_ms\":3600000.0,\"basis\":\"suspension\",\"include_idle\":false,"
                        + "\"killed\":[7],\"count\":1,\"sampled\":false}");
        ObjectNode out = MAPPER.createObjectNode().put("cmd", cmd);
        out.putArray("processes").add(process(cmd, result));
        out.putArray("missing");
        return out;
    }

    /** A child's reply envelope around {@code result}. */
    private static ObjectNode process(String cmd, JsonNode result) {
        ObjectNode p = MAPPER.createObjectNode()
                .put("host", "localhost")
                .put("pid", 2)
                .put("worker", "web")
                .put("slot", 0)
                .put("cmd", cmd)
                .put("ok", true);
        p.set("result", result);
        return p;
    }

    private static JsonNode sampleStatus() throws IOException {
        return MAPPER.readTree("""
                {"master": {"version": "0", "java": "25", "pid": 1, "start_time": "2026-01-01T00:00:00",
                            "uptime_s": 61, "load": [0.5, 0.25, 0.125], "workers": 1, "processes": 1},
                 "exit_info": [{"worker": "web", "status": 0, "count": 0}],
                 "processes": [{"pid": 2, "memory": 50000000, "listening": "http://127.0.0.1:8080",
                                "worker": "web", "connections": 1, "send_fail": 0, "timers": 0,
                                "total_request": 10, "qps": 1.5, "coroutines": 1, "status": "idle"}]}
                """);
    }
}
