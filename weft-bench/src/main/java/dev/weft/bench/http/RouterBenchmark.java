package dev.weft.bench.http;

import dev.weft.net.ConnectionStatus;
import dev.weft.net.HttpConnection;
import dev.weft.net.RequestHandler;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.internal.http.HttpRequestParser;
import dev.weft.net.internal.http.HttpResponseEncoder;
import dev.weft.net.routing.Router;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What routing costs on the plaintext route: the demo's {@code GET /} handler (send a prebuilt {@code
 * Response.text("hello")}, encoded by one connection's encoder) called directly ({@code direct}) and
 * through a {@link Router} holding the demo's routes plus parameter and wildcard routes ({@code routed}).
 * {@code routedWithParameter} ({@code GET /users/42}) shows the cost of a pattern match with one
 * parameter, {@code notFound} that of the 404 path. Each invocation parses the request too, as a
 * connection does, so the numbers compare with {@link PlaintextCodecBenchmark#parseAndEncode}. Run:
 * {@code weft-bench/run-jmh RouterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {
    private static final Response HELLO = Response.text("hello");
    private static final ByteBuffer ROOT = request("/");
    private static final ByteBuffer USER = request("/users/42");
    private static final ByteBuffer MISSING = request("/missing/path");

    private HttpRequestParser parser;
    private EncodingConnection connection;
    private RequestHandler hello;
    private Router router;

    private static ByteBuffer request(String path) {
        return ByteBuffer.wrap(
                ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The demo's handler, and a router with the demo's routes and a few pattern routes. */
    @Setup
    public void setUp() {
        parser = new HttpRequestParser();
        connection = new EncodingConnection();
        hello = (c, r) -> c.send(HELLO);
        RequestHandler other = (c, r) -> c.send(HELLO);
        router = new Router()
                .get("/", hello)
                .get("/json", other)
                .get("/sleep", other)
                .get("/coroutines", other)
                .post("/items", other)
                .get("/users/{id}", (c, r) -> c.send(r.pathParam("id").isEmpty() ? HELLO : HELLO))
                .get("/users/{id}/posts/{post}", other)
                .get("/static/*", other);
    }

    private HttpRequest parse(ByteBuffer raw) {
        connection.request = parser.parse(raw.clear());
        return connection.request;
    }

    /** The plaintext handler without a router. */
    @Benchmark
    public int direct() throws Exception {
        hello.onRequest(connection, parse(ROOT));
        return connection.encoded;
    }

    /** The same handler found by the router. */
    @Benchmark
    public int routed() throws Exception {
        router.onRequest(connection, parse(ROOT));
        return connection.encoded;
    }

    /** A route with a path parameter. */
    @Benchmark
    public int routedWithParameter() throws Exception {
        router.onRequest(connection, parse(USER));
        return connection.encoded;
    }

    /** No route: the router's own 404. */
    @Benchmark
    public int notFound() throws Exception {
        router.onRequest(connection, parse(MISSING));
        return connection.encoded;
    }

    /** Encodes what is sent, as a connection does, and keeps only the length (the benchmark's result). */
    private static final class EncodingConnection implements HttpConnection {
        private final HttpResponseEncoder encoder = new HttpResponseEncoder();
        HttpRequest request;
        int encoded;

        @Override
        public boolean send(Response response) {
            encoded = encoder.encode(response, request).remaining();
            return true;
        }

        @Override
        public boolean send(String text) {
            return send(Response.text(text));
        }

        @Override
        public void close(Response response) {
            send(response);
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return null;
        }

        @Override
        public InetSocketAddress localAddress() {
            return null;
        }

        @Override
        public void close() {}

        @Override
        public ConnectionStatus status() {
            return ConnectionStatus.ESTABLISHED;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public long bytesWritten() {
            return 0;
        }

        @Override
        public Map<String, Object> context() {
            return Map.of();
        }

        @Override
        public void pauseRecv() {}

        @Override
        public void resumeRecv() {}
    }
}
