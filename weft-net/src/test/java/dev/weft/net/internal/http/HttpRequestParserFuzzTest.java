package dev.weft.net.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.net.http.HttpLimits;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.HttpVersion;
import dev.weft.net.protocol.ProtocolException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * For any bytes the parser yields requests, needs more bytes, or throws {@link
 * HttpParseException}; nothing else. And it must not matter how the bytes were cut: whole, one
 * byte at a time, or in pieces chosen from the input, the outcome is the same. Small limits keep
 * every run's memory small and let the fuzzer reach them.
 */
class HttpRequestParserFuzzTest {
    private static final HttpLimits LIMITS = new HttpLimits(256, 16, 512, 1024, 16);

    @FuzzTest(maxDuration = "60s")
    void anyBytesParseTheSameInAnySplit(byte[] data) {
        String whole = outcome(data, new int[0]);
        int[] everyByte = new int[Math.max(0, data.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        assertThat(outcome(data, everyByte)).isEqualTo(whole);
        assertThat(outcome(data, randomCuts(data))).isEqualTo(whole);
    }

    private static String outcome(byte[] data, int[] cuts) {
        StringBuilder summary = new StringBuilder();
        HttpRequestParser parser = new HttpRequestParser(LIMITS);
        try {
            for (HttpRequest request : Wire.parseInPieces(parser, data, cuts)) {
                checkLimits(request);
                summary.append(request)
                        .append('|')
                        .append(request.headers())
                        .append('|')
                        .append(Arrays.hashCode(request.body()))
                        .append('|')
                        .append(request.trailers())
                        .append('|')
                        .append(request.keepAlive())
                        .append('|')
                        .append(views(request))
                        .append('\n');
            }
            summary.append(parser.idle() ? "idle" : "need more");
        } catch (HttpParseException e) {
            assertThat(e.status()).isIn(400, 413, 414, 431, 501, 505);
            assertThat(e.reason()).isNotBlank();
            summary.append("rejected ").append(e.status());
        }
        return summary.toString();
    }

    private static void checkLimits(HttpRequest request) {
        assertThat((long) request.body().length).isLessThanOrEqualTo(LIMITS.maxBodySize());
        assertThat(request.headers().size()).isLessThanOrEqualTo(LIMITS.maxHeaderCount());
        assertThat(request.trailers().size()).isLessThanOrEqualTo(LIMITS.maxHeaderCount());
        assertThat(request.target().length()).isLessThan(LIMITS.maxRequestLineLength());
        if (request.version() == HttpVersion.HTTP_1_1) {
            assertThat(request.headers().count("Host")).isEqualTo(1);
        }
    }

    /** The lazy views may reject a malformed query or form, but only with HttpParseException. */
    private static String views(HttpRequest request) {
        StringBuilder views = new StringBuilder();
        for (Runnable view : List.<Runnable>of(
                () -> views.append(request.query()), () -> views.append(request.cookies()), () -> views.append(
                                request.form().fields())
                        .append(request.form().files().size()))) {
            try {
                view.run();
            } catch (ProtocolException e) {
                assertThat(e).isInstanceOf(HttpParseException.class);
                views.append("bad view");
            }
        }
        return views.toString();
    }

    /** Cuts chosen deterministically from the input, so a failure reproduces from the input alone. */
    private static int[] randomCuts(byte[] data) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(data));
        return random.ints(Math.min(data.length, 8), 0, data.length + 1)
                .sorted()
                .toArray();
    }
}
