package dev.weft.bench.http;

import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.internal.http.HttpRequestParser;
import dev.weft.net.internal.http.HttpResponseEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * The CPU cost of one HTTP plaintext request without the network: parse the request wrk sends
 * ({@code GET / HTTP/1.1}, {@code Host}), build {@code Response.text("hello")} as the demo does and
 * encode it, on one connection's parser and encoder. {@code parseOnly} and {@code encodeOnly}
 * split the total. Run: {@code weft-bench/run-jmh PlaintextCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlaintextCodecBenchmark {
    private static final byte[] WRK_REQUEST =
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final Response HELLO = Response.text("hello");

    private HttpRequestParser parser;
    private HttpResponseEncoder encoder;
    private ByteBuffer in;
    private HttpRequest parsed;

    /** One connection's parser and encoder, and a receive buffer holding one request. */
    @Setup
    public void setUp() {
        parser = new HttpRequestParser();
        encoder = new HttpResponseEncoder();
        in = ByteBuffer.wrap(WRK_REQUEST);
        parsed = parser.parse(in.clear());
    }

    /** Parse the request, answer with the demo's response, encode it: one request's codec work. */
    @Benchmark
    public int parseAndEncode() {
        HttpRequest request = parser.parse(in.clear());
        return encoder.encode(Response.text("hello"), request).remaining();
    }

    /** Parse only; the request's path is read, as the demo's router does. */
    @Benchmark
    public String parseOnly() {
        return parser.parse(in.clear()).path();
    }

    /** Encode a prebuilt response (a Response is immutable, so the demo builds its constant answers once). */
    @Benchmark
    public int encodePrebuilt() {
        return encoder.encode(HELLO, parsed).remaining();
    }

    /** Build and encode the response only. */
    @Benchmark
    public int encodeOnly() {
        return encoder.encode(Response.text("hello"), parsed).remaining();
    }
}
