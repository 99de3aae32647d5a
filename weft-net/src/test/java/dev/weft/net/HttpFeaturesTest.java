package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.http.HttpLimits;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.http.UploadedFile;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP features end to end, over real sockets, with the JDK client or raw requests. */
class HttpFeaturesTest {
    private static String raw(ServerFixture f, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static HttpResponse<String> get(HttpClient client, ServerFixture f, String path) throws Exception {
        return client.send(
                java.net.http.HttpRequest.newBuilder(f.uri("http", path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBigFileGoesOutWholeOverTheSocketAndTheConnectionServesTheNextRequest(@TempDir Path dir) throws Exception {
        byte[] big = new byte[5 * 1024 * 1024 + 17];
        new java.util.Random(42).nextBytes(big);
        Path file = Files.write(dir.resolve("big.bin"), big);
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, HttpRequest r) ->
                        c.send(r.path().equals("/file") ? Response.file(file) : Response.text("after")));
        try (ServerFixture f = ServerFixture.start("http", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.setSoTimeout(20_000);
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            s.getOutputStream()
                    .write("GET /file HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: " + big.length + "\r\n");
            byte[] body = new byte[big.length];
            in.readFully(body); // read slowly enough that the server's socket fills and the transfer waits
            assertThat(body).isEqualTo(big);
            String next = readHead(in);
            assertThat(next).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 5\r\n");
            byte[] after = new byte[5];
            in.readFully(after);
            assertThat(new String(after, StandardCharsets.ISO_8859_1)).isEqualTo("after");
        }
    }

    /** Reads a response head up to and including its blank line. */
    private static String readHead(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    @Test
    void fileResponsesCarryTheContentTypeAndLengthOfTheFile(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("data.json"), "{\"k\":[1,2,3]}");
        byte[] big = new byte[300_000];
        java.util.Arrays.fill(big, (byte) 'z');
        Path bin = Files.write(dir.resolve("blob.bin"), big);
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, HttpRequest r) ->
                        c.send(Response.file(r.path().equals("/json") ? json : bin)));
        try (ServerFixture f = ServerFixture.start("http", cb);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            HttpResponse<String> r = get(client, f, "/json");
            assertThat(r.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(r.headers().firstValueAsLong("content-length")).hasValue(13);
            assertThat(r.body()).isEqualTo("{\"k\":[1,2,3]}");
            HttpResponse<byte[]> b = client.send(
                    java.net.http.HttpRequest.newBuilder(f.uri("http", "/bin")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(b.headers().firstValueAsLong("content-length")).hasValue(300_000);
            assertThat(b.body()).isEqualTo(big);
        }
    }

    @Test
    void streamedResponsesAreChunkedAndArriveWhole() throws Exception {
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, HttpRequest r) -> c.send(Response.stream(out -> {
                    for (int i = 0; i < 5; i++) {
                        out.write("part" + i + ";");
                    }
                })));
        try (ServerFixture f = ServerFixture.start("http", cb);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            HttpResponse<String> r = get(client, f, "/s");
            assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertThat(r.body()).isEqualTo("part0;part1;part2;part3;part4;");
            String wire = raw(f, "GET /s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(wire).contains("Transfer-Encoding: chunked").endsWith("0\r\n\r\n");
        }
    }

    @Test
    void multipartUploadsGiveFieldsAndFiles() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> {
            UploadedFile file = r.form().file("doc");
            c.send(Response.text(r.form().fields().get("title") + "|" + file.fileName() + "|" + file.contentType() + "|"
                    + new String(file.content(), StandardCharsets.UTF_8)));
        });
        String boundary = "----weftBoundary42";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy notes\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nline one\nline two\r\n--" + boundary + "--\r\n";
        try (ServerFixture f = ServerFixture.start("http", cb);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            HttpResponse<String> r = client.send(
                    java.net.http.HttpRequest.newBuilder(f.uri("http", "/up"))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("My notes|notes.txt|text/plain|line one\nline two");
        }
    }

    @Test
    void cookiesAreReadFromRequestsAndSetOnResponses() throws Exception {
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, HttpRequest r) -> c.send(Response.text("a="
                                + r.cookies().get("a") + " b=" + r.cookies().get("b"))
                        .withCookie("sid", "xyz")));
        try (ServerFixture f = ServerFixture.start("http", cb)) {
            String wire = raw(f, "GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1; b=two\r\nConnection: close\r\n\r\n");
            assertThat(wire).contains("Set-Cookie: sid=xyz").endsWith("a=1 b=two");
        }
    }

    @Test
    void limitsAnswer413And414And431() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, HttpRequest r) -> c.send(Response.text("ok")));
        NetOptions small = new NetOptions(
                1 << 20,
                10 << 20,
                new HttpLimits(256, 20, 1024, 1000, 100),
                List.of(),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(2));
        try (ServerFixture f = ServerFixture.start("http", cb, small)) {
            assertThat(raw(f, "GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 414 ");
            assertThat(raw(f, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1100) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431 ");
            assertThat(raw(f, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + "c".repeat(2000)))
                    .startsWith("HTTP/1.1 413 ");
            assertThat(raw(
                            f,
                            "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 10\r\n\r\n0123456789"))
                    .startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void headAnswersGetsHeadersWithoutTheBody() throws Exception {
        Callbacks cb =
                new Callbacks().onMessage((Connection c, HttpRequest r) -> c.send(Response.text("twelve bytes")));
        try (ServerFixture f = ServerFixture.start("http", cb)) {
            String wire =
                    raw(f, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            // The HEAD response has the GET's Content-Length and no body: the next bytes are the GET's status line.
            assertThat(wire)
                    .startsWith("HTTP/1.1 200 ")
                    .contains("Content-Length: 12\r\n")
                    .containsPattern("\r\n\r\nHTTP/1.1 200 ")
                    .endsWith("\r\n\r\ntwelve bytes");
        }
    }
}
