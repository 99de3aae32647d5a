package dev.weft.net.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.ChunkedWriter;
import dev.weft.net.http.Cookie;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.internal.text.MimeTypes;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpResponseEncoderTest {
    private static final String DATE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";
    private final AtomicLong millis = new AtomicLong(784111777_000L);
    private final HttpResponseEncoder encoder = new HttpResponseEncoder(() -> Instant.ofEpochMilli(millis.get()));

    private static HttpRequest request(String raw) {
        return Wire.parseAll(new HttpRequestParser(), raw).getFirst();
    }

    private static final HttpRequest GET_11 = request("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

    private String encode(Response response, HttpRequest request) {
        return StandardCharsets.ISO_8859_1
                .decode(encoder.encode(response, request))
                .toString();
    }

    @Test
    void encodesATextResponseExactly() {
        assertThat(encode(Response.text("hello"), GET_11))
                .isEqualTo("HTTP/1.1 200 OK\r\n"
                        + DATE
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 5\r\n"
                        + "\r\n"
                        + "hello");
        assertThat(encoder.closeConnection()).isFalse();
        assertThat(encoder.bodyFollows()).isFalse();
    }

    @Test
    void jsonBodiesAreUtf8WithTheirByteLength() {
        String encoded = encode(Response.json("{\"name\":\"żółw\"}"), GET_11);
        assertThat(encoded).contains("Content-Type: application/json\r\n");
        assertThat(encoded).contains("Content-Length: 18\r\n");
    }

    @Test
    void statusLinesCarryTheirReasonPhrase() {
        assertThat(encode(Response.status(404), GET_11)).startsWith("HTTP/1.1 404 Not Found\r\n");
        assertThat(encode(Response.status(431), GET_11)).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
        assertThat(encode(Response.status(299), GET_11)).startsWith("HTTP/1.1 299 \r\n");
        assertThat(encode(Response.status(404), GET_11)).endsWith("Content-Length: 0\r\n\r\n");
    }

    @Test
    void theDateHeaderFollowsTheClockBySecond() {
        assertThat(encode(Response.status(200), GET_11)).contains(DATE);
        millis.addAndGet(999);
        assertThat(encode(Response.status(200), GET_11)).contains(DATE);
        millis.addAndGet(1);
        assertThat(encode(Response.status(200), GET_11)).contains("Date: Sun, 06 Nov 1994 08:49:38 GMT\r\n");
    }

    @Test
    void aDateSetByTheHandlerIsKept() {
        String encoded = encode(Response.status(200).withHeader("Date", "Mon, 01 Jan 2001 00:00:00 GMT"), GET_11);
        assertThat(encoded).contains("Date: Mon, 01 Jan 2001").doesNotContain(DATE);
    }

    @Test
    void headResponsesCarryTheHeadersButNoBody() {
        HttpRequest head = request("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
        String encoded = encode(Response.text("hello"), head);
        assertThat(encoded).contains("Content-Length: 5\r\n").endsWith("\r\n\r\n");
        assertThat(encoder.bodyFollows()).isFalse();
    }

    @Test
    void noContentAndNotModifiedHaveNoBodyOrLength() {
        assertThat(encode(Response.status(204).withBody("ignored"), GET_11))
                .isEqualTo("HTTP/1.1 204 No Content\r\n" + DATE + "\r\n");
        assertThat(encode(Response.status(304), GET_11)).doesNotContain("Content-Length");
    }

    @Test
    void connectionCloseIsAnnouncedWhenTheClientAsked() {
        HttpRequest closing = request("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(encode(Response.text("x"), closing)).contains("Connection: close\r\n");
        assertThat(encoder.closeConnection()).isTrue();
    }

    @Test
    void theHandlerCanCloseTheConnection() {
        String encoded = encode(Response.text("bye").withHeader("Connection", "close"), GET_11);
        assertThat(encoded.split("Connection: close", -1)).hasSize(2);
        assertThat(encoder.closeConnection()).isTrue();
    }

    @Test
    void http10KeepAliveIsConfirmedAndOtherwiseClosed() {
        HttpRequest keepAlive = request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(encode(Response.text("x"), keepAlive)).contains("Connection: keep-alive\r\n");
        assertThat(encoder.closeConnection()).isFalse();
        assertThat(encode(Response.text("x"), request("GET / HTTP/1.0\r\n\r\n")))
                .contains("Connection: close\r\n");
        assertThat(encoder.closeConnection()).isTrue();
    }

    @Test
    void errorsForUnparsedRequestsClose() {
        HttpParseException error = new HttpParseException(431, "header section too large");
        String encoded = encode(Response.error(error), null);
        assertThat(encoded)
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
                .contains("Connection: close\r\n")
                .endsWith("\r\n\r\nheader section too large");
        assertThat(encoded.split("Connection: close", -1)).hasSize(2);
        assertThat(encoder.closeConnection()).isTrue();
    }

    @Test
    void cookiesBecomeSetCookieHeaders() {
        Response response = Response.text("x")
                .withCookie("a", "1")
                .withCookie(Cookie.of("sid", "abc")
                        .withPath("/")
                        .withDomain("example.com")
                        .withMaxAge(Duration.ofHours(1))
                        .withSecure(true)
                        .withHttpOnly(true)
                        .withSameSite(Cookie.SameSite.Lax));
        assertThat(encode(response, GET_11))
                .contains("Set-Cookie: a=1\r\n")
                .contains(
                        "Set-Cookie: sid=abc; Path=/; Domain=example.com; Max-Age=3600; Secure; HttpOnly; SameSite=Lax\r\n");
    }

    @Test
    void cookiesAndHeadersCannotInjectHeaderSyntax() {
        assertThatThrownBy(() -> Cookie.of("a", "x;y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("a b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("a", "x").withPath("/\r\nX: y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.status(200).withHeader("X", "a\r\nInjected: 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.status(200).withHeader("X Y", "a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.status(200).withHeader("Content-Length", "3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.status(200).withHeader("transfer-encoding", "chunked"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.status(99)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filesDeclareTheirTypeAndLengthAndFollowTheHead(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("index.HTML");
        Files.writeString(page, "<h1>hi</h1>");
        Response response = Response.file(page);
        String encoded = encode(response, GET_11);
        assertThat(encoded)
                .contains("Content-Type: text/html; charset=utf-8\r\n")
                .contains("Content-Length: 11\r\n")
                .endsWith("\r\n\r\n");
        assertThat(encoder.bodyFollows()).isTrue();
        assertThat(response.file()).isEqualTo(page);
        assertThat(response.contentLength()).isEqualTo(11);
    }

    @Test
    void filesOfUnknownTypeAreOctetStreams(@TempDir Path dir) throws Exception {
        Path blob = dir.resolve("data.bin");
        Files.write(blob, new byte[3]);
        assertThat(Response.file(blob).header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(MimeTypes.forFileName("style.css")).isEqualTo("text/css; charset=utf-8");
        assertThat(MimeTypes.forFileName("photo.JPG")).isEqualTo("image/jpeg");
        assertThat(MimeTypes.forFileName("README")).isEqualTo(MimeTypes.DEFAULT);
        assertThat(MimeTypes.forFileName("trailing.")).isEqualTo(MimeTypes.DEFAULT);
    }

    @Test
    void aMissingFileIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> Response.file(dir.resolve("missing.txt"))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> Response.file(dir)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void streamedBodiesAreChunkedForHttp11() throws Exception {
        Response response = Response.stream(out -> {
            out.write("hello");
            out.write(new byte[0]);
            out.write("x".repeat(26));
        });
        assertThat(encode(response, GET_11))
                .contains("Transfer-Encoding: chunked\r\n")
                .doesNotContain("Content-Length");
        assertThat(encoder.bodyFollows()).isTrue();
        assertThat(encoder.closeConnection()).isFalse();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        encoder.writeStream(
                response,
                bytes -> sent.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining()));
        assertThat(sent.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo("5\r\nhello\r\n1a\r\n" + "x".repeat(26) + "\r\n0\r\n\r\n");
    }

    @Test
    void streamedBodiesToHttp10ClientsAreRawAndEndWithTheConnection() throws Exception {
        HttpRequest http10 = request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        Response response = Response.stream(out -> out.write("raw"));
        String encoded = encode(response, http10);
        assertThat(encoded).doesNotContain("Transfer-Encoding").doesNotContain("Content-Length");
        assertThat(encoded).contains("Connection: close\r\n");
        assertThat(encoder.closeConnection()).isTrue();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        encoder.writeStream(
                response,
                bytes -> sent.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining()));
        assertThat(sent.toString(StandardCharsets.ISO_8859_1)).isEqualTo("raw");
    }

    @Test
    void aStreamedResponseToHeadSendsNoBody() throws Exception {
        Response response = Response.stream(out -> out.write("never"));
        encode(response, request("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertThat(encoder.bodyFollows()).isFalse();
        encoder.writeStream(response, bytes -> {
            throw new AssertionError("no body for HEAD");
        });
    }

    @Test
    void theChunkedWriterRefusesWritesAfterFinish() throws Exception {
        ChunkedWriter writer = new ChunkedWriter(bytes -> {}, true);
        writer.finish();
        writer.finish();
        assertThatThrownBy(() -> writer.write("late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void largeBodiesAreEncodedWholeWithoutGrowingTheScratchBuffer() {
        byte[] big = new byte[200_000];
        big[big.length - 1] = 42;
        ByteBuffer encoded = encoder.encode(Response.status(200).withBody(big), GET_11);
        assertThat(encoded.remaining()).isGreaterThan(200_000);
        assertThat(encoded.get(encoded.limit() - 1)).isEqualTo((byte) 42);
        assertThat(encode(Response.text("small"), GET_11)).endsWith("small");
    }

    @Test
    void theContinueResponseIsTheInterimStatusLine() {
        assertThat(StandardCharsets.US_ASCII
                        .decode(HttpResponseEncoder.continueResponse())
                        .toString())
                .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    }

    @Test
    void theSystemClockEncoderWritesAnImfFixdate() {
        String encoded = StandardCharsets.ISO_8859_1
                .decode(new HttpResponseEncoder().encode(Response.status(200), GET_11))
                .toString();
        assertThat(encoded)
                .containsPattern("Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n");
    }
}
