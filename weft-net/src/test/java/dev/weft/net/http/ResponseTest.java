package dev.weft.net.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseTest {
    @Test
    void withersReturnNewResponsesAndLeaveTheOriginalAsItWas() {
        Response base = Response.text("hello");
        Response changed = base.withStatus(201).withHeader("X-A", "1").withCookie("sid", "x");
        Response rebodied = base.withBody("bye");

        assertThat(base.status()).isEqualTo(200);
        assertThat(base.header("X-A")).isNull();
        assertThat(base.header("Set-Cookie")).isNull();
        assertThat(new String(base.body(), StandardCharsets.UTF_8)).isEqualTo("hello");

        assertThat(changed).isNotSameAs(base);
        assertThat(changed.status()).isEqualTo(201);
        assertThat(changed.header("x-a")).isEqualTo("1");
        assertThat(changed.header("Set-Cookie")).isEqualTo("sid=x");
        assertThat(changed.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(rebodied.body(), StandardCharsets.UTF_8)).isEqualTo("bye");
        assertThat(rebodied.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void twoCopiesOfOneResponseDoNotSeeEachOthersHeaders() {
        Response base = Response.status(200).withHeader("A", "1");
        Response b = base.withHeader("B", "2");
        Response c = base.withHeader("C", "3");
        assertThat(b.header("C")).isNull();
        assertThat(c.header("B")).isNull();
        assertThat(base.header("B")).isNull();
    }

    @Test
    void factoriesSetStatusTypeAndBody() {
        Response text = Response.text(404, "nope");
        assertThat(text.status()).isEqualTo(404);
        assertThat(text.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(text.body()).isEqualTo("nope".getBytes(StandardCharsets.UTF_8));

        assertThat(Response.json("{}").header("Content-Type")).isEqualTo("application/json");
        assertThat(Response.json(422, "{}").status()).isEqualTo(422);
        assertThat(Response.html("<p>").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(Response.html(500, "<p>").status()).isEqualTo(500);
        assertThat(Response.bytes(new byte[] {1}).header("Content-Type")).isEqualTo("application/octet-stream");

        Response found = Response.redirect("/login");
        assertThat(found.status()).isEqualTo(302);
        assertThat(found.header("Location")).isEqualTo("/login");
        assertThat(found.contentLength()).isZero();
        assertThat(Response.redirect(308, "https://example.com/").status()).isEqualTo(308);
        assertThatThrownBy(() -> Response.redirect(200, "/x")).hasMessageContaining("not a redirect status");
        assertThatThrownBy(() -> Response.redirect("/x\r\nSet-Cookie: a=b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.text(99, "x")).hasMessageContaining("status out of range");
    }

    @Test
    void aFileResponseKnowsItsLengthAndTypeAndCanBeRestatused(@TempDir Path dir) throws Exception {
        Path page = Files.writeString(dir.resolve("index.html"), "<h1>hi</h1>");
        Response file = Response.file(page);
        assertThat(file.file()).isEqualTo(page);
        assertThat(file.contentLength()).isEqualTo(11);
        assertThat(file.header("Content-Type")).startsWith("text/html");
        Response gone = file.withStatus(410);
        assertThat(gone.file()).isEqualTo(page);
        assertThat(gone.contentLength()).isEqualTo(11);
        assertThat(file.withBody("x").file()).isNull();
    }
}
