package dev.weft.net.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.HttpHeaders;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.InternalAccess;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Header values kept as received bytes and decoded on first read give the same answers as values
 * stored as Strings up front.
 */
class LazyHeadersTest {
    private static final InternalAccess HTTP = InternalAccess.INSTANCE;
    private static final String[][] FIELDS = {
        {"Host", "example.com:8080"},
        {"Accept", "text/html, */*"},
        {"Connection", "keep-alive, Upgrade"},
        {"X-Many", "1"},
        {"x-many", "2"},
        {"Cookie", "a=1; b=\u00e9"},
        {"Empty", ""},
    };

    private static HttpHeaders eager() {
        HttpHeaders h = HTTP.newHeaders(2);
        for (String[] f : FIELDS) {
            HTTP.addHeader(h, f[0], f[1]);
        }
        return h;
    }

    private static HttpHeaders lazy() {
        HttpHeaders h = HTTP.newHeaders(2);
        for (String[] f : FIELDS) {
            // Surrounding bytes that are not part of the value: only the span is kept.
            byte[] line = ("##" + f[1] + "##").getBytes(StandardCharsets.ISO_8859_1);
            HTTP.addRawHeader(h, f[0], line, 2, line.length - 4);
        }
        return h;
    }

    @Test
    void everyLookupAnswersAsTheEagerHeadersDo() {
        HttpHeaders eager = eager();
        for (HttpHeaders lazy : List.of(lazy(), lazy())) {
            assertThat(lazy.size()).isEqualTo(eager.size());
            for (String name : List.of("host", "ACCEPT", "X-Many", "Cookie", "Empty", "Missing")) {
                assertThat(lazy.get(name)).as(name).isEqualTo(eager.get(name));
                assertThat(lazy.getAll(name)).as(name).isEqualTo(eager.getAll(name));
                assertThat(lazy.contains(name)).as(name).isEqualTo(eager.contains(name));
                assertThat(lazy.count(name)).as(name).isEqualTo(eager.count(name));
            }
            assertThat(lazy.containsToken("Connection", "upgrade")).isTrue();
            assertThat(lazy.containsToken("Connection", "close")).isFalse();
            assertThat(lazy.toString()).isEqualTo(eager.toString());
        }
        HttpHeaders lazy = lazy();
        for (int i = 0; i < eager.size(); i++) {
            assertThat(lazy.name(i)).isEqualTo(eager.name(i));
            assertThat(lazy.value(i)).isEqualTo(eager.value(i));
        }
    }

    @Test
    void aValueIsDecodedOnceAndThenShared() {
        HttpHeaders lazy = lazy();
        assertThat(lazy.get("Host")).isSameAs(lazy.get("Host"));
    }

    @Test
    void valuesAreCheckedOnTheirBytesWithoutDecoding() {
        HttpHeaders lazy = lazy();
        int host = HTTP.headerIndex(lazy, "HOST");
        assertThat(host).isZero();
        assertThat(HTTP.headerValueMatches(lazy, host, c -> c != ' ')).isTrue();
        assertThat(HTTP.headerValueMatches(lazy, HTTP.headerIndex(lazy, "Accept"), c -> c != ' '))
                .isFalse();
        assertThat(HTTP.headerValueMatches(lazy, HTTP.headerIndex(lazy, "Cookie"), c -> c < 0x80))
                .isFalse();
        assertThat(HTTP.headerIndex(lazy, "Missing")).isEqualTo(-1);
    }

    @Test
    void parsedRequestsReadTheirHeadersAsSent() {
        HttpRequest r = Wire.parseAll(
                        new HttpRequestParser(),
                        "GET /p?q=1 HTTP/1.1\r\nHost: h:1\r\nX-A:  v1 \r\nX-A: v2\r\nConnection: close\r\n\r\n")
                .getFirst();
        assertThat(r.header("host")).isEqualTo("h:1");
        assertThat(r.headers().getAll("x-a")).containsExactly("v1", "v2");
        assertThat(r.keepAlive()).isFalse();
        assertThat(r.host()).isEqualTo("h:1");
    }

    @Test
    void anInvalidHostIsStillRefused() {
        assertThatThrownBy(() -> Wire.parseAll(new HttpRequestParser(), "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"))
                .isInstanceOf(HttpParseException.class)
                .hasMessageContaining("Host");
    }
}
