package dev.weft.net.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.http.FormData;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Parameters;
import dev.weft.net.http.UploadedFile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Query strings, cookies and form bodies, parsed lazily from a request. */
class HttpRequestContentTest {

    private static HttpRequest request(String raw) {
        return Wire.parseAll(new HttpRequestParser(), raw).getFirst();
    }

    private static HttpRequest post(String contentType, String body) {
        int length = body.getBytes(StandardCharsets.ISO_8859_1).length;
        return request("POST /form HTTP/1.1\r\nHost: a\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: "
                + length
                + "\r\n\r\n"
                + body);
    }

    @Test
    void queryParametersAreDecodedAndRepeatable() {
        Parameters query = request("GET /s?q=caf%C3%A9+au+lait&tag=a&tag=b&flag&&empty= HTTP/1.1\r\nHost: a\r\n\r\n")
                .query();
        assertThat(query.get("q")).isEqualTo("café au lait");
        assertThat(query.getAll("tag")).containsExactly("a", "b");
        assertThat(query.get("flag")).isEmpty();
        assertThat(query.get("empty")).isEmpty();
        assertThat(query.names()).containsExactly("q", "tag", "flag", "empty");
        assertThat(query.get("absent")).isNull();
    }

    @Test
    void aRequestWithoutQueryHasNoParameters() {
        HttpRequest request = request("GET /s HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.query().isEmpty()).isTrue();
    }

    @Test
    void aMalformedPercentEscapeIs400() {
        HttpRequest request = request("GET /s?q=%G1 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThatThrownBy(request::query).isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status())
                .isEqualTo(400));
        assertThatThrownBy(() -> Parameters.parseUrlEncoded("a=%4", 10)).isInstanceOf(HttpParseException.class);
    }

    @Test
    void tooManyParametersAre400() {
        assertThatThrownBy(() -> Parameters.parseUrlEncoded("a=1&b=2&c=3", 2)).isInstanceOf(HttpParseException.class);
        assertThat(Parameters.parseUrlEncoded("a=1&b=2", 2).names()).containsExactly("a", "b");
    }

    @Test
    void cookiesAreSplitTrimmedAndUnquoted() {
        HttpRequest request = request("GET / HTTP/1.1\r\nHost: a\r\nCookie: sid=abc123; theme=\"dark\";lang=en\r\n"
                + "Cookie: sid=shadowed; novalue; =x\r\n\r\n");
        assertThat(request.cookies())
                .containsExactly(
                        java.util.Map.entry("sid", "abc123"),
                        java.util.Map.entry("theme", "dark"),
                        java.util.Map.entry("lang", "en"));
    }

    @Test
    void aRequestWithoutCookiesHasNone() {
        assertThat(request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").cookies()).isEmpty();
    }

    @Test
    void urlEncodedFormsAreParsed() {
        FormData form = post("application/x-www-form-urlencoded; charset=UTF-8", "name=J%C3%BCrgen+K&age=42")
                .form();
        assertThat(form.fields().get("name")).isEqualTo("Jürgen K");
        assertThat(form.fields().get("age")).isEqualTo("42");
        assertThat(form.files()).isEmpty();
    }

    @Test
    void otherBodiesHaveAnEmptyForm() {
        assertThat(post("application/json", "{\"a\":1}").form()).isEqualTo(FormData.EMPTY);
        assertThat(request("GET / HTTP/1.1\r\nHost: a\r\n\r\n").form()).isEqualTo(FormData.EMPTY);
    }

    @Test
    void multipartFormsYieldFieldsAndFiles() {
        String body = "preamble\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "Holiday\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"photo\"; filename=\"beach;1.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n"
                + "\u0089PNG\r\n--Xy\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "Second\r\n"
                + "--XyZ--\r\nepilogue";
        FormData form = post("multipart/form-data; boundary=XyZ", body).form();
        assertThat(form.fields().getAll("title")).containsExactly("Holiday", "Second");
        UploadedFile photo = form.file("photo");
        assertThat(photo.fileName()).isEqualTo("beach;1.png");
        assertThat(photo.contentType()).isEqualTo("image/png");
        assertThat(photo.content()).isEqualTo("\u0089PNG\r\n--Xy".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(photo.size()).isEqualTo(10);
        assertThat(form.file("missing")).isNull();
    }

    @Test
    void multipartBoundariesMayBeQuotedAndStartTheBody() {
        String body = "--a b\r\nContent-Disposition: form-data; name=f; filename=\"\"\r\n\r\n\r\n--a b--";
        FormData form = post("multipart/form-data; boundary=\"a b\"", body).form();
        assertThat(form.files()).singleElement().satisfies(file -> {
            assertThat(file.fileName()).isEmpty();
            assertThat(file.contentType()).isEqualTo("application/octet-stream");
            assertThat(file.size()).isZero();
        });
    }

    @Test
    void malformedMultipartBodiesAre400() {
        String type = "multipart/form-data; boundary=B";
        String[] bodies = {
            "no boundary at all",
            "--B\r\nContent-Disposition: form-data; name=x\r\n\r\nunterminated",
            "--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--",
            "--B\r\nContent-Disposition: attachment; name=x\r\n\r\nx\r\n--B--",
            "--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--",
            "--Bjunk\r\n",
        };
        for (String body : bodies) {
            HttpRequest request = post(type, body);
            assertThatThrownBy(request::form).as(body).isInstanceOf(HttpParseException.class);
        }
        HttpRequest noBoundary = post("multipart/form-data", "--B--");
        assertThatThrownBy(noBoundary::form).isInstanceOf(HttpParseException.class);
    }
}
