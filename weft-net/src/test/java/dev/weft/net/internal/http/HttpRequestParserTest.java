package dev.weft.net.internal.http;

import static dev.weft.net.internal.http.Wire.bytes;
import static dev.weft.net.internal.http.Wire.parseAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.HttpLimits;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRequestParserTest {
    private final HttpRequestParser parser = new HttpRequestParser();

    private HttpRequest parseOne(String raw) {
        List<HttpRequest> requests = parseAll(parser, raw);
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    @Test
    void parsesASimpleGet() {
        HttpRequest request = parseOne("GET /hello?name=x HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.target()).isEqualTo("/hello?name=x");
        assertThat(request.path()).isEqualTo("/hello");
        assertThat(request.rawQuery()).isEqualTo("name=x");
        assertThat(request.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(request.host()).isEqualTo("example.com");
        assertThat(request.body()).isEmpty();
        assertThat(request.keepAlive()).isTrue();
    }

    @Test
    void returnsNullUntilTheHeaderSectionEnds() {
        ByteBuffer buffer = bytes("GET / HTTP/1.1\r\nHost: a\r\n");
        assertThat(parser.parse(buffer)).isNull();
        assertThat(buffer.hasRemaining()).isFalse();
        assertThat(parser.parse(bytes("\r\n"))).isNotNull();
    }

    @Test
    void headerLookupIgnoresCaseAndKeepsEveryValue() {
        HttpRequest request =
                parseOne("GET / HTTP/1.1\r\nhost: a\r\nX-Tag: one\r\nx-tag:two\r\nX-TAG:  three  \r\n\r\n");
        assertThat(request.header("HOST")).isEqualTo("a");
        assertThat(request.headers().getAll("x-Tag")).containsExactly("one", "two", "three");
        assertThat(request.headers().count("X-Tag")).isEqualTo(3);
        assertThat(request.headers().contains("missing")).isFalse();
        assertThat(request.header("missing")).isNull();
    }

    @Test
    void commonHeaderNamesGetTheirCanonicalSpelling() {
        HttpRequest request = parseOne("GET / HTTP/1.1\r\nhOsT: a\r\nX-Custom: b\r\n\r\n");
        assertThat(request.headers().name(0)).isEqualTo("Host");
        assertThat(request.headers().name(1)).isEqualTo("X-Custom");
    }

    @Test
    void headerValuesKeepObsTextAsLatin1() {
        HttpRequest request = parseOne("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9\r\n\r\n");
        assertThat(request.header("X-Name")).isEqualTo("caf\u00e9");
    }

    @Test
    void readsAContentLengthBody() {
        HttpRequest request = parseOne("POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(request.bodyText()).isEqualTo("hello");
    }

    @Test
    void aBodyArrivingInPiecesIsAssembled() {
        assertThat(parser.parse(bytes("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nab")))
                .isNull();
        assertThat(parser.parse(bytes("cd"))).isNull();
        assertThat(parser.parse(bytes("ef")).bodyText()).isEqualTo("abcdef");
    }

    @Test
    void aLargeContentLengthBodyIsAssembledExactly() {
        byte[] payload = new byte[100_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        String head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n";
        ByteBuffer buffer = ByteBuffer.allocate(head.length() + payload.length);
        buffer.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(payload).flip();
        ByteBuffer slow = buffer.slice(0, head.length() + 10);
        assertThat(parser.parse(slow)).isNull();
        buffer.position(head.length() + 10);
        assertThat(parser.parse(buffer).body()).isEqualTo(payload);
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() {
        HttpRequest request = parseOne("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n"
                + "7 ; name=\"quoted;value\"\r\n, world\r\n"
                + "0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n");
        assertThat(request.bodyText()).isEqualTo("hello, world");
        assertThat(request.trailers().get("x-checksum")).isEqualTo("abc");
        assertThat(request.trailers().size()).isEqualTo(2);
        assertThat(request.headers().contains("X-Checksum")).isFalse();
    }

    @Test
    void chunkSizesAreHexadecimalInEitherCase() {
        String chunk = "x".repeat(26);
        HttpRequest request = parseOne("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\n"
                + chunk
                + "\r\n1A\r\n"
                + chunk
                + "\r\n0\r\n\r\n");
        assertThat(request.body()).hasSize(52);
    }

    @Test
    void anEmptyChunkedBodyIsJustTheLastChunk() {
        HttpRequest request = parseOne("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertThat(request.body()).isEmpty();
        assertThat(request.trailers().size()).isZero();
    }

    @Test
    void pipelinedRequestsLeaveTheNextRequestInTheBuffer() {
        ByteBuffer buffer = bytes("GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz"
                + "GET /c HTTP/1.1\r\n");
        assertThat(parser.parse(buffer).path()).isEqualTo("/a");
        assertThat(buffer.remaining()).isGreaterThan(0);
        HttpRequest second = parser.parse(buffer);
        assertThat(second.path()).isEqualTo("/b");
        assertThat(second.bodyText()).isEqualTo("xyz");
        assertThat(StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString())
                .isEqualTo("GET /c HTTP/1.1\r\n");
        assertThat(parser.parse(buffer)).isNull();
        assertThat(parser.idle()).isFalse();
        assertThat(parser.parse(bytes("Host: a\r\n\r\n")).path()).isEqualTo("/c");
        assertThat(parser.idle()).isTrue();
    }

    @Test
    void ignoresEmptyLinesBeforeTheRequestLine() {
        assertThat(parseOne("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").path()).isEqualTo("/");
    }

    @Test
    void rejectsEndlessEmptyLinesBeforeTheRequestLine() {
        assertStatus("\r\n".repeat(9) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    @Test
    void theParserCannotBeReusedAfterARejection() {
        assertStatus("GET / HTTP/1.1\r\n\r\n", 400);
        assertThatThrownBy(() -> parser.parse(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n")))
                .isInstanceOf(IllegalStateException.class);
    }

    // --- keep-alive and versions ---

    @Test
    void http11KeepsAliveUnlessConnectionClose() {
        assertThat(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n")
                        .keepAlive())
                .isFalse();
    }

    @Test
    void http10ClosesUnlessConnectionKeepAlive() {
        HttpRequestParser other = new HttpRequestParser();
        assertThat(parseOne("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parseAll(other, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                        .getFirst()
                        .keepAlive())
                .isTrue();
    }

    @Test
    void connectionTokensAreMatchedWithinAList() {
        HttpRequest request = parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, close\r\n\r\n");
        assertThat(request.keepAlive()).isFalse();
        assertThat(request.headers().containsToken("Connection", "upgrade")).isTrue();
    }

    @Test
    void http10NeedsNoHost() {
        HttpRequest request = parseOne("GET / HTTP/1.0\r\n\r\n");
        assertThat(request.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(request.host()).isNull();
    }

    @Test
    void aHigherHttp1MinorVersionIsServedAsHttp11() {
        assertThat(parseOne("GET / HTTP/1.7\r\nHost: a\r\n\r\n").version()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    @Test
    void otherMajorVersionsAre505() {
        assertStatus("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505);
        assertThat(status("GET / HTTP/0.9\r\n\r\n")).isEqualTo(505);
        assertThat(status("GET / HTTP/3.0\r\n\r\n")).isEqualTo(505);
    }

    @Test
    void malformedVersionsAre400() {
        for (String version : List.of("HTTP/1.10", "http/1.1", "HTTP/11", "HTTP/1.", "HTTP/1.1 ", "")) {
            assertThat(status("GET / " + version + "\r\nHost: a\r\n\r\n"))
                    .as(version)
                    .isEqualTo(400);
        }
        assertThat(status("GET /\r\n\r\n")).isEqualTo(400);
    }

    // --- request line ---

    @Test
    void unknownMethodsAre501AndInvalidOnesAre400() {
        assertThat(status("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(501);
        assertThat(status("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(501);
        assertThat(status("G(T / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("get / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(501);
    }

    @Test
    void everySeparatorOfTheRequestLineIsExactlyOneSpace() {
        assertThat(status("GET  / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status(" GET / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1 \r\nHost: a\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void targetsWithControlsOrNonAsciiOrFragmentsAre400() {
        assertThat(status("GET /a\u0001 HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void asteriskFormIsOnlyForOptions() {
        assertThat(parseOne("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").path()).isEqualTo("*");
        assertThat(status("GET * HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void absoluteFormTargetsOverrideTheHostHeader() {
        HttpRequest request = parseOne("GET http://example.org:8080?q=1 HTTP/1.1\r\nHost: other\r\n\r\n");
        assertThat(request.host()).isEqualTo("example.org:8080");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.query().get("q")).isEqualTo("1");
        assertThat(status("GET ftp://example.org/ HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET http:///path HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
    }

    // --- Host ---

    @Test
    void http11WithoutHostIs400() {
        assertThat(status("GET / HTTP/1.1\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void twoHostHeadersAre400EvenIfEqual() {
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void anInvalidHostValueIs400() {
        assertThat(status("GET / HTTP/1.1\r\nHost: a b\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n")).isEqualTo(400);
        assertThat(parseOne("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").host())
                .isEqualTo("[::1]:8080");
    }

    @Test
    void anEmptyHostIsAllowed() {
        assertThat(parseOne("GET / HTTP/1.1\r\nHost:\r\n\r\n").host()).isEmpty();
    }

    // --- header syntax ---

    @Test
    void obsoleteLineFoldingIs400() {
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void whitespaceBeforeTheFirstHeaderIs400() {
        assertThat(status("GET / HTTP/1.1\r\n Host: a\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void whitespaceBetweenHeaderNameAndColonIs400() {
        assertThat(status("GET / HTTP/1.1\r\nHost : a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length\t: 0\r\n\r\n"))
                .isEqualTo(400);
    }

    @Test
    void invalidHeaderNamesAre400() {
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX(y): 1\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\n: 1\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nno-colon\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX\u00e9: 1\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void controlCharactersInHeaderValuesAre400() {
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX: a\u000bb\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void aBareCrAnywhereIs400() {
        assertThat(status("GET / HTTP/1.1\rHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n")).isEqualTo(400);
    }

    @Test
    void aBareLfLineEndingIs400() {
        assertThat(status("GET / HTTP/1.1\nHost: a\r\n\r\n")).isEqualTo(400);
        assertThat(status("GET / HTTP/1.1\r\nHost: a\n\n")).isEqualTo(400);
    }

    // --- framing and smuggling ---

    @Test
    void contentLengthWithTransferEncodingIs400() {
        assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .isEqualTo(400);
        assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"))
                .isEqualTo(400);
    }

    @Test
    void differingContentLengthsAre400() {
        assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"))
                .isEqualTo(400);
        assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\n"))
                .isEqualTo(400);
    }

    @Test
    void identicalRepeatedContentLengthsAreOneLength() {
        HttpRequest request =
                parseOne("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3, 03\r\n\r\nabc");
        assertThat(request.bodyText()).isEqualTo("abc");
    }

    @Test
    void invalidContentLengthsAre400() {
        for (String value : List.of("-1", "+3", "3a", "0x10", "", "3 3", "1,", "\u00b3")) {
            assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n"))
                    .as(value)
                    .isEqualTo(400);
        }
    }

    @Test
    void transferEncodingNotEndingInChunkedIs400() {
        for (String coding : List.of("gzip", "chunked, gzip", "identity", "chunked, chunked", "", "chunk")) {
            assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding + "\r\n\r\n"))
                    .as(coding)
                    .isEqualTo(400);
        }
        assertThat(status(
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n"))
                .isEqualTo(400);
    }

    @Test
    void transferEncodingMatchesChunkedCaseInsensitively() {
        HttpRequest request =
                parseOne("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n");
        assertThat(request.bodyText()).isEqualTo("z");
    }

    @Test
    void otherCodingsBeforeChunkedAreNotImplemented() {
        assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"))
                .isEqualTo(501);
    }

    @Test
    void transferEncodingInHttp10Is400() {
        assertThat(status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
                .isEqualTo(400);
    }

    @Test
    void invalidChunkSizesAre400() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String size : List.of("g", "", "-1", "0x5", "+5", " 5", "5 x", "1\u0000", "fffffffffffffffff")) {
            assertThat(status(head + size + "\r\nhello\r\n0\r\n\r\n")).as(size).isEqualTo(400);
        }
    }

    @Test
    void chunkDataMustEndInCrlf() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertThat(status(head + "3\r\nabcd\r\n0\r\n\r\n")).isEqualTo(400);
        assertThat(status(head + "3\r\nabc\n0\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void invalidTrailerFieldsAre400() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
        assertThat(status(head + "Bad Name: x\r\n\r\n")).isEqualTo(400);
        assertThat(status(head + "X: a\r\n b\r\n\r\n")).isEqualTo(400);
    }

    // --- limits ---

    @Test
    void aRequestLineOverTheLimitIs414() {
        String path = "/" + "a".repeat(8 * 1024);
        assertThat(status("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(414);
    }

    @Test
    void theRequestLineLimitIsEnforcedBeforeTheLineEnds() {
        ByteBuffer partial = bytes("GET /" + "a".repeat(8 * 1024));
        assertThatThrownBy(() -> parser.parse(partial))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(414));
    }

    @Test
    void aRequestLineAtTheLimitIsAccepted() {
        HttpLimits limits = new HttpLimits(32, 100, 16 * 1024, 1024, 100);
        String line = "GET /" + "a".repeat(32 - 14) + " HTTP/1.1";
        assertThat(line).hasSize(32);
        assertThat(parseAll(new HttpRequestParser(limits), line + "\r\nHost: a\r\n\r\n"))
                .hasSize(1);
        assertThatThrownBy(() -> parseAll(new HttpRequestParser(limits), "GET /a" + line.substring(5) + "\r\n"))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(414));
    }

    @Test
    void moreThanTheMaximumHeaderCountIs431() {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 99; i++) {
            request.append("X-").append(i).append(": v\r\n");
        }
        assertThat(parseAll(new HttpRequestParser(), request + "\r\n")
                        .getFirst()
                        .headers()
                        .size())
                .isEqualTo(100);
        assertThat(status(request + "X-last: v\r\n\r\n")).isEqualTo(431);
    }

    @Test
    void aHeaderSectionOverTheSizeLimitIs431() {
        String big = "X-Big: " + "v".repeat(16 * 1024) + "\r\n";
        assertThat(status("GET / HTTP/1.1\r\nHost: a\r\n" + big + "\r\n")).isEqualTo(431);
    }

    @Test
    void theHeaderSizeLimitCountsEveryLine() {
        HttpLimits limits = new HttpLimits(8192, 100, 64, 1024, 100);
        String fits = "Host: a\r\n" + "X: " + "v".repeat(48) + "\r\n" + "\r\n"; // 9 + 53 + 2 = 64
        assertThat(parseAll(new HttpRequestParser(limits), "GET / HTTP/1.1\r\n" + fits))
                .hasSize(1);
        String tooBig = "Host: a\r\n" + "X: " + "v".repeat(49) + "\r\n" + "\r\n";
        assertThatThrownBy(() -> parseAll(new HttpRequestParser(limits), "GET / HTTP/1.1\r\n" + tooBig))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void aContentLengthOverTheBodyLimitIs413BeforeTheBodyArrives() {
        assertThatThrownBy(() -> parser.parse(bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10485761\r\n\r\n")))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"))
                .isEqualTo(413);
    }

    @Test
    void aBodyExactlyAtTheLimitIsAccepted() {
        HttpRequestParser small = new HttpRequestParser(HttpLimits.DEFAULT.withMaxBodySize(4));
        assertThat(parseAll(small, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nabcd"))
                .hasSize(1);
    }

    @Test
    void chunksAddingUpOverTheBodyLimitAre413() {
        HttpRequestParser small = new HttpRequestParser(HttpLimits.DEFAULT.withMaxBodySize(4));
        assertThatThrownBy(() -> parseAll(
                        small, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\n"))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void aHugeChunkSizeIs413WithoutAllocating() {
        assertThat(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n"))
                .isEqualTo(413);
    }

    @Test
    void trailersHaveTheirOwnSizeLimit() {
        HttpLimits limits = new HttpLimits(8192, 100, 32, 1024, 100);
        String request = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: "
                + "v".repeat(40)
                + "\r\n\r\n";
        assertThatThrownBy(() -> parseAll(new HttpRequestParser(limits), request))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    // --- 100-continue ---

    @Test
    void pollContinueSaysOnceWhenTheClientWaitsForTheGoAhead() {
        ByteBuffer head = bytes("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        assertThat(parser.pollContinue()).isFalse();
        assertThat(parser.parse(head)).isNull();
        assertThat(parser.pollContinue()).isTrue();
        assertThat(parser.pollContinue()).isFalse();
        HttpRequest request = parser.parse(bytes("abc"));
        assertThat(request.expectsContinue()).isTrue();
        assertThat(request.bodyText()).isEqualTo("abc");
        assertThat(parser.pollContinue()).isFalse();
    }

    @Test
    void pollContinueIsFalseWhileTheHeadersAreIncomplete() {
        assertThat(parser.parse(bytes("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n")))
                .isNull();
        assertThat(parser.pollContinue()).isFalse();
    }

    @Test
    void pollContinueIsFalseWhenTheBodyAlreadyArrived() {
        HttpRequest request =
                parseOne("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx");
        assertThat(request.bodyText()).isEqualTo("x");
        assertThat(parser.pollContinue()).isFalse();
    }

    @Test
    void http10IgnoresExpectContinue() {
        assertThat(parser.parse(bytes("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")))
                .isNull();
        assertThat(parser.pollContinue()).isFalse();
    }

    @Test
    void expectContinueWorksForChunkedBodies() {
        assertThat(parser.parse(bytes(
                        "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nTransfer-Encoding: chunked\r\n\r\n")))
                .isNull();
        assertThat(parser.pollContinue()).isTrue();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new HttpLimits(8192, 0, 16384, 1024, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("headers 0 in 16384 bytes");
    }

    private int status(String raw) {
        try {
            parseAll(new HttpRequestParser(), raw);
        } catch (HttpParseException e) {
            assertThat(e.reason()).isNotBlank();
            return e.status();
        }
        throw new AssertionError("accepted: " + raw);
    }

    private void assertStatus(String raw, int expected) {
        assertThatThrownBy(() -> parseAll(parser, raw))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(expected));
    }
}
