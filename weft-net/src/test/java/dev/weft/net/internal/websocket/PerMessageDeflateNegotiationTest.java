package dev.weft.net.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.http.HttpRequest;
import dev.weft.net.internal.http.HttpRequestParser;
import dev.weft.net.internal.http.HttpResponseEncoder;
import dev.weft.net.websocket.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The permessage-deflate offer/answer of RFC 7692 section 7.1, and the header grammar around it. */
class PerMessageDeflateNegotiationTest {
    private static final String DEFAULT_ANSWER =
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    private static String answer(PerMessageDeflate mode, String... headerValues) {
        DeflateParams params = DeflateParams.negotiate(ExtensionOffer.parse(List.of(headerValues)), mode);
        return params == null ? null : params.responseHeader();
    }

    private static String answer(String... headerValues) {
        return answer(PerMessageDeflate.NO_CONTEXT_TAKEOVER, headerValues);
    }

    @Test
    void theDefaultAnswersEveryOfferWithoutContextTakeoverEitherWay() {
        // What npm ws, Chrome and Firefox offer.
        assertThat(answer("permessage-deflate; client_max_window_bits")).isEqualTo(DEFAULT_ANSWER);
        assertThat(answer("permessage-deflate")).isEqualTo(DEFAULT_ANSWER);
        DeflateParams params = DeflateParams.negotiate(
                ExtensionOffer.parse(List.of("permessage-deflate")), PerMessageDeflate.NO_CONTEXT_TAKEOVER);
        assertThat(params.minCompressSize()).isEqualTo(1024);
    }

    @Test
    void contextTakeoverIsKeptWhereTheClientAllowsIt() {
        assertThat(answer(PerMessageDeflate.CONTEXT_TAKEOVER, "permessage-deflate; client_max_window_bits"))
                .isEqualTo("permessage-deflate");
        assertThat(answer(PerMessageDeflate.CONTEXT_TAKEOVER, "permessage-deflate; server_no_context_takeover"))
                .isEqualTo("permessage-deflate; server_no_context_takeover");
        assertThat(answer(PerMessageDeflate.CONTEXT_TAKEOVER, "permessage-deflate; client_no_context_takeover"))
                .isEqualTo("permessage-deflate; client_no_context_takeover");
        DeflateParams params = DeflateParams.negotiate(
                ExtensionOffer.parse(List.of("permessage-deflate")), PerMessageDeflate.CONTEXT_TAKEOVER);
        assertThat(params.serverNoContextTakeover()).isFalse();
        assertThat(params.clientNoContextTakeover()).isFalse();
        assertThat(params.minCompressSize()).isEqualTo(128);
    }

    @Test
    void offIgnoresEveryOffer() {
        assertThat(answer(PerMessageDeflate.OFF, "permessage-deflate")).isNull();
    }

    @Test
    void aServerWindowBelow15IsDeclinedAndTheNextOfferTaken() {
        assertThat(answer("permessage-deflate; server_max_window_bits=10")).isNull();
        assertThat(answer("permessage-deflate; server_max_window_bits=10, permessage-deflate; client_max_window_bits"))
                .isEqualTo(DEFAULT_ANSWER);
        // Offers may come on separate header lines too, in order.
        assertThat(answer("permessage-deflate; server_max_window_bits=8", "permessage-deflate"))
                .isEqualTo(DEFAULT_ANSWER);
    }

    @Test
    void aServerWindowOf15IsEchoed() {
        assertThat(answer("permessage-deflate; server_max_window_bits=15"))
                .isEqualTo(DEFAULT_ANSWER + "; server_max_window_bits=15");
    }

    @Test
    void theClientMayLimitItsOwnWindowAndIsNeverToldOne() {
        assertThat(answer("permessage-deflate; client_max_window_bits=9")).isEqualTo(DEFAULT_ANSWER);
        assertThat(answer("permessage-deflate; client_max_window_bits=\"10\"")).isEqualTo(DEFAULT_ANSWER);
        assertThat(answer("permessage-deflate; client_max_window_bits = 12 ")).isEqualTo(DEFAULT_ANSWER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "permessage-deflate; foo",
                "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
                "permessage-deflate; server_no_context_takeover=1",
                "permessage-deflate; client_no_context_takeover=yes",
                "permessage-deflate; server_max_window_bits",
                "permessage-deflate; server_max_window_bits=16",
                "permessage-deflate; server_max_window_bits=015",
                "permessage-deflate; client_max_window_bits=7",
                "permessage-deflate; client_max_window_bits=16",
                "permessage-deflate; client_max_window_bits=08",
                "permessage-deflate; client_max_window_bits=ten",
                "permessage-deflate; client_max_window_bits=+9",
                "permessage-deflate;",
                "permessage-deflate; =9",
                "permessage-deflate; client_max_window_bits=\"1 0\"",
                "permessage-deflate; client_max_window_bits=\"10",
            })
    void anInvalidOfferIsDeclined(String offer) {
        assertThat(answer(offer)).isNull();
        // ... and the valid offer after it is still taken, unless a quote left open swallows it.
        String withNext = answer(offer + ", permessage-deflate");
        assertThat(withNext).isIn(DEFAULT_ANSWER, offer.endsWith("\"10") ? null : DEFAULT_ANSWER);
    }

    @Test
    void otherExtensionsAreSkipped() {
        assertThat(answer("x-webkit-deflate-frame, permessage-deflate")).isEqualTo(DEFAULT_ANSWER);
        assertThat(answer("x-webkit-deflate-frame; max_window_bits=10")).isNull();
        assertThat(answer("")).isNull();
        assertThat(answer()).isNull();
    }

    @Test
    void theHeaderGrammarKeepsQuotedSeparatorsInsideValues() {
        // a="x,y;z" is one value (not a token once unquoted, so foo is malformed); so is bar's "q\"".
        assertThat(ExtensionOffer.parse(List.of("foo; a=\"x,y;z\"; b, , bar ;c=\"q\\\"\"", "baz")))
                .extracting(ExtensionOffer::name)
                .containsExactly("baz");
        assertThat(ExtensionOffer.parse(List.of("foo; a=\"xy\"; b, bar; c=d")))
                .containsExactly(
                        new ExtensionOffer(
                                "foo",
                                List.of(new ExtensionOffer.Param("a", "xy"), new ExtensionOffer.Param("b", null))),
                        new ExtensionOffer("bar", List.of(new ExtensionOffer.Param("c", "d"))));
    }

    @Test
    void theHandshakeAnswersWithTheExtensionOnlyWhenItIsNegotiated() {
        String base = "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
        String offered = base + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";

        WebSocketHandshake on =
                WebSocketHandshake.negotiate(parse(offered), List.of(), PerMessageDeflate.NO_CONTEXT_TAKEOVER);
        assertThat(on.deflate()).isNotNull();
        assertThat(encode(on, parse(offered))).contains("Sec-WebSocket-Extensions: " + DEFAULT_ANSWER + "\r\n");

        WebSocketHandshake off = WebSocketHandshake.negotiate(parse(offered), List.of(), PerMessageDeflate.OFF);
        assertThat(off.deflate()).isNull();
        assertThat(encode(off, parse(offered))).doesNotContain("Sec-WebSocket-Extensions");

        WebSocketHandshake none =
                WebSocketHandshake.negotiate(parse(base + "\r\n"), List.of(), PerMessageDeflate.NO_CONTEXT_TAKEOVER);
        assertThat(none.accepted()).isTrue();
        assertThat(none.deflate()).isNull();
        assertThat(encode(none, parse(base + "\r\n"))).doesNotContain("Sec-WebSocket-Extensions");

        String declined = base + "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9\r\n\r\n";
        WebSocketHandshake plain =
                WebSocketHandshake.negotiate(parse(declined), List.of(), PerMessageDeflate.NO_CONTEXT_TAKEOVER);
        assertThat(plain.accepted())
                .as("a declined offer leaves the connection uncompressed")
                .isTrue();
        assertThat(plain.deflate()).isNull();
    }

    private static HttpRequest parse(String raw) {
        return new HttpRequestParser().parse(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String encode(WebSocketHandshake handshake, HttpRequest request) {
        return StandardCharsets.ISO_8859_1
                .decode(new HttpResponseEncoder().encode(handshake.response(), request))
                .toString();
    }
}
