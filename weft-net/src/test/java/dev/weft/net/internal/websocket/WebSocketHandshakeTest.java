package dev.weft.net.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.http.HttpRequest;
import dev.weft.net.internal.http.HttpRequestParser;
import dev.weft.net.internal.http.HttpResponseEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static HttpRequest request(String method, String version, String extraHeaders) {
        String raw = method + " /chat " + version + "\r\nHost: server.example.com\r\n" + extraHeaders + "\r\n";
        return new HttpRequestParser().parse(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static HttpRequest upgrade(String extraHeaders) {
        return request("GET", "HTTP/1.1", extraHeaders);
    }

    private static final String VALID = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
            + "\r\nSec-WebSocket-Version: 13\r\n";

    @Test
    void computesTheAcceptValueOfRfc6455() {
        assertThat(WebSocketHandshake.acceptKey(KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void acceptsAValidUpgradeWith101() {
        WebSocketHandshake handshake = WebSocketHandshake.negotiate(upgrade(VALID), List.of());
        assertThat(handshake.accepted()).isTrue();
        assertThat(handshake.subprotocol()).isNull();
        String encoded = StandardCharsets.ISO_8859_1
                .decode(new HttpResponseEncoder().encode(handshake.response(), upgrade(VALID)))
                .toString();
        assertThat(encoded)
                .startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains(
                        "Upgrade: websocket\r\n",
                        "Connection: Upgrade\r\n",
                        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                .doesNotContain("Content-Length", "Sec-WebSocket-Protocol")
                .endsWith("\r\n\r\n");
    }

    @Test
    void headerTokensMatchCaseInsensitivelyWithinLists() {
        HttpRequest request = upgrade("Upgrade: WebSocket\r\nConnection: keep-alive, UPGRADE\r\nSec-WebSocket-Key: "
                + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
        assertThat(WebSocketHandshake.isUpgradeRequest(request)).isTrue();
        assertThat(WebSocketHandshake.negotiate(request, List.of()).accepted()).isTrue();
    }

    @Test
    void choosesTheServersMostPreferredOfferedSubprotocol() {
        HttpRequest request =
                upgrade(VALID + "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Protocol: v2\r\n");
        WebSocketHandshake handshake = WebSocketHandshake.negotiate(request, List.of("v2", "chat"));
        assertThat(handshake.subprotocol()).isEqualTo("v2");
        assertThat(handshake.response().header("Sec-WebSocket-Protocol")).isEqualTo("v2");
        assertThat(WebSocketHandshake.negotiate(request, List.of("mqtt")).subprotocol())
                .isNull();
    }

    @Test
    void aNonGetUpgradeIs405() {
        WebSocketHandshake handshake = WebSocketHandshake.negotiate(request("POST", "HTTP/1.1", VALID), List.of());
        assertThat(handshake.accepted()).isFalse();
        assertThat(handshake.response().status()).isEqualTo(405);
        assertThat(handshake.response().header("Allow")).isEqualTo("GET");
    }

    @Test
    void anHttp10UpgradeIs400() {
        assertThat(WebSocketHandshake.negotiate(request("GET", "HTTP/1.0", VALID), List.of())
                        .response()
                        .status())
                .isEqualTo(400);
    }

    @Test
    void missingUpgradeOrConnectionTokensAre400() {
        assertRejected(VALID.replace("Upgrade: websocket\r\n", ""), 400);
        assertRejected(VALID.replace("Upgrade: websocket", "Upgrade: h2c"), 400);
        assertRejected(VALID.replace("Connection: Upgrade", "Connection: keep-alive"), 400);
    }

    @Test
    void otherVersionsAre426WithTheSupportedVersion() {
        for (String headers : List.of(
                VALID.replace("Version: 13", "Version: 8"), VALID.replace("Sec-WebSocket-Version: 13\r\n", ""))) {
            WebSocketHandshake handshake = WebSocketHandshake.negotiate(upgrade(headers), List.of());
            assertThat(handshake.response().status()).isEqualTo(426);
            assertThat(handshake.response().header("Sec-WebSocket-Version")).isEqualTo("13");
        }
    }

    @Test
    void invalidKeysAre400() {
        assertRejected(VALID.replace("Sec-WebSocket-Key: " + KEY + "\r\n", ""), 400);
        assertRejected(VALID.replace(KEY, "dGhlIHNhbXBsZSBub25jZQ"), 400); // no padding
        assertRejected(VALID.replace(KEY, "dGhlIHNhbXBsZSBub25j"), 400); // 15 bytes... too short
        assertRejected(VALID.replace(KEY, "dGhlIHNhbXBsZSBub25j*Q=="), 400); // not base64
        assertRejected(VALID.replace(KEY, "AAAAAAAAAAAAAAAAAAAAAAAAAA=="), 400); // 19 bytes
        assertRejected(VALID + "Sec-WebSocket-Key: " + KEY + "\r\n", 400); // twice
    }

    @Test
    void aPlainRequestIsNoUpgrade() {
        assertThat(WebSocketHandshake.isUpgradeRequest(upgrade(""))).isFalse();
    }

    private static void assertRejected(String headers, int status) {
        WebSocketHandshake handshake = WebSocketHandshake.negotiate(upgrade(headers), List.of());
        assertThat(handshake.accepted()).isFalse();
        assertThat(handshake.response().status()).isEqualTo(status);
        assertThat(new String(handshake.response().body(), StandardCharsets.UTF_8))
                .isNotBlank();
    }
}
