package dev.weft.net.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The encoder's pre-encoded bytes (status lines, common header lines and names) equal what it would build. */
class PreEncodedLinesTest {
    private static final HttpRequest GET = Wire.parseAll(new HttpRequestParser(), "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            .getFirst();

    private final HttpResponseEncoder encoder = new HttpResponseEncoder(() -> Instant.ofEpochSecond(784111777));

    private String encode(Response response) {
        return StandardCharsets.ISO_8859_1.decode(encoder.encode(response, GET)).toString();
    }

    /** A String equal to {@code s} but not the same instance, so the encoder takes its general path. */
    private static String copy(String s) {
        return new String(s.toCharArray());
    }

    @Test
    void everyPreEncodedStatusLineIsTheOneTheEncoderWrites() {
        for (int status = 100; status < 600; status++) {
            String expected = "HTTP/1.1 " + status + " " + StatusLines.reason(status) + "\r\n";
            assertThat(new String(StatusLines.line(status), StandardCharsets.US_ASCII))
                    .isEqualTo(expected);
            assertThat(encode(Response.status(status))).startsWith(expected);
        }
    }

    @Test
    void preEncodedHeaderLinesMatchTheGeneralPath() {
        for (String type : new String[] {"text/plain; charset=utf-8", "text/html; charset=utf-8", "application/json"}) {
            assertThat(HeaderLines.line("Content-Type", type)).isNotNull();
            String fast =
                    encode(Response.status(200).withHeader("Content-Type", type).withBody("x"));
            String general = encode(Response.status(200)
                    .withHeader(copy("Content-Type"), copy(type))
                    .withBody("x"));
            assertThat(fast).isEqualTo(general).contains("Content-Type: " + type + "\r\n");
        }
    }

    @Test
    void preEncodedHeaderNamesMatchTheGeneralPath() {
        assertThat(HeaderLines.name("Cache-Control")).isNotNull();
        String fast = encode(Response.status(200).withHeader("Cache-Control", "no-store"));
        String general = encode(Response.status(200).withHeader(copy("Cache-Control"), "no-store"));
        assertThat(fast).isEqualTo(general).contains("Cache-Control: no-store\r\n");
    }

    @Test
    void theConvenienceResponsesUseThePreEncodedLines() {
        assertThat(encode(Response.text("hello")))
                .isEqualTo("HTTP/1.1 200 OK\r\n"
                        + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 5\r\n"
                        + "\r\n"
                        + "hello");
        assertThat(encode(Response.json("{}"))).contains("Content-Type: application/json\r\n");
        assertThat(encode(Response.html("<p>"))).contains("Content-Type: text/html; charset=utf-8\r\n");
    }

    @Test
    void unknownHeadersHaveNoPreEncodedForm() {
        assertThat(HeaderLines.line("X-Custom", "1")).isNull();
        assertThat(HeaderLines.name("X-Custom")).isNull();
        assertThat(HeaderLines.name(copy("Content-Type"))).isNull();
    }
}
