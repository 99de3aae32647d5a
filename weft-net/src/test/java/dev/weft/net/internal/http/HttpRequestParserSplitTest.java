package dev.weft.net.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser's result must not depend on how the network cut the bytes. */
class HttpRequestParserSplitTest {
    private static final String PIPELINE = "GET /one?x=1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: v\r\n\r\n"
            + "GET /four HTTP/1.0\r\n\r\n";

    @Test
    void pipelinedRequestsSplitAtEveryByteBoundaryParseTheSame() {
        byte[] raw = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= raw.length; cut++) {
            assertPipeline(Wire.parseInPieces(new HttpRequestParser(), raw, new int[] {cut}));
        }
    }

    @Test
    void pipelinedRequestsFedOneByteAtATimeParseTheSame() {
        byte[] raw = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        int[] cuts = new int[raw.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertPipeline(Wire.parseInPieces(new HttpRequestParser(), raw, cuts));
    }

    @Test
    void chunkedBodiesSplitAtEveryPairOfBoundariesParseTheSame() {
        byte[] raw = ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4\r\nWiki\r\n5;ext\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int first = 0; first <= raw.length; first++) {
            for (int second = first; second <= raw.length; second++) {
                List<HttpRequest> requests =
                        Wire.parseInPieces(new HttpRequestParser(), raw, new int[] {first, second});
                assertThat(requests).hasSize(1);
                assertThat(requests.getFirst().bodyText()).isEqualTo("Wikipedia in\r\n\r\nchunks.");
            }
        }
    }

    @Test
    void aSmugglingAttemptIsRejectedWhereverTheBytesAreCut() {
        byte[] raw = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= raw.length; cut++) {
            int at = cut;
            assertThatThrownBy(() -> Wire.parseInPieces(new HttpRequestParser(), raw, new int[] {at}))
                    .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status())
                            .isEqualTo(400));
        }
    }

    @Test
    void aBareCrIsRejectedWhereverTheBytesAreCut() {
        byte[] raw = "GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= raw.length; cut++) {
            int at = cut;
            assertThatThrownBy(() -> Wire.parseInPieces(new HttpRequestParser(), raw, new int[] {at}))
                    .isInstanceOf(HttpParseException.class);
        }
    }

    private static void assertPipeline(List<HttpRequest> requests) {
        assertThat(requests).extracting(HttpRequest::path).containsExactly("/one", "/two", "/three", "/four");
        assertThat(requests.get(0).query().get("x")).isEqualTo("1");
        assertThat(requests.get(1).bodyText()).isEqualTo("hello");
        assertThat(requests.get(2).bodyText()).isEqualTo("abc0123456789abcdef");
        assertThat(requests.get(2).trailers().get("t")).isEqualTo("v");
        assertThat(requests.get(3).keepAlive()).isFalse();
    }
}
