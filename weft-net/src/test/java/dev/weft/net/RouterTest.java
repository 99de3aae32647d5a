package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.coroutine.Co;
import dev.weft.net.http.Response;
import dev.weft.net.routing.Router;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A {@link Router} behind a real HTTP listener, spoken to over a real socket. */
class RouterTest {
    private static final Router ROUTER = new Router()
            .get("/", (c, r) -> c.send(Response.text("root")))
            .get("/users/new", (c, r) -> c.send("new user form"))
            .get("/users/{id}", (c, r) -> c.send("user " + r.pathParam("id")))
            .delete("/users/{id}", (c, r) -> c.send("deleted " + r.pathParams().getLong("id", -1)))
            .get("/users/{id}/posts/{post}", (c, r) -> c.send(r.pathParam("id") + "/" + r.pathParam("post")))
            .post("/items", (c, r) -> c.send(Response.text(201, "created " + r.bodyText())))
            .get("/static/*", (c, r) -> c.send("tail=[" + r.pathParam("*") + "]"))
            .get("/slow", (c, r) -> {
                Co.sleep(Duration.ofMillis(20)); // a route may block: it runs in the connection's coroutine
                c.send("slept");
            });

    /** One request on its own connection (closed by the request), and everything the server answered. */
    private static String exchange(ServerFixture f, String method, String path, String body) throws Exception {
        String request = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + (body == null ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n"
                + (body == null ? "" : body);
        try (Socket s = new Socket("127.0.0.1", f.port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String get(ServerFixture f, String path) throws Exception {
        return exchange(f, "GET", path, null);
    }

    private static ServerFixture start() throws Exception {
        // The Workerman-style entry: a Router is also a MessageHandler<HttpRequest>.
        return ServerFixture.start("http", new Callbacks().onMessage(ROUTER));
    }

    @Test
    void literalRoutesWinOverParametersAndParametersAreDecoded() throws Exception {
        try (ServerFixture f = start()) {
            assertThat(get(f, "/")).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nroot");
            assertThat(get(f, "/users/new")).endsWith("\r\n\r\nnew user form");
            assertThat(get(f, "/users/42")).endsWith("\r\n\r\nuser 42");
            assertThat(get(f, "/users/a%20b")).endsWith("\r\n\r\nuser a b");
            assertThat(get(f, "/users/7/posts/99")).endsWith("\r\n\r\n7/99");
            assertThat(get(f, "/users/42?x=1")).endsWith("\r\n\r\nuser 42");
        }
    }

    @Test
    void aWildcardTailTakesTheRestOfThePathEvenWhenEmpty() throws Exception {
        try (ServerFixture f = start()) {
            assertThat(get(f, "/static/css/site.css")).endsWith("\r\n\r\ntail=[css/site.css]");
            assertThat(get(f, "/static/")).endsWith("\r\n\r\ntail=[]");
            assertThat(get(f, "/static")).endsWith("\r\n\r\ntail=[]");
        }
    }

    @Test
    void unknownPathsAre404AndATrailingSlashOrAnEmptySegmentDoesNotMatch() throws Exception {
        try (ServerFixture f = start()) {
            assertThat(get(f, "/nope")).startsWith("HTTP/1.1 404 Not Found").endsWith("\r\n\r\nNot Found\n");
            assertThat(get(f, "/users/42/")).startsWith("HTTP/1.1 404 ");
            assertThat(get(f, "/users//posts/1")).startsWith("HTTP/1.1 404 ");
            assertThat(get(f, "/users")).startsWith("HTTP/1.1 404 ");
        }
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() throws Exception {
        try (ServerFixture f = start()) {
            String put = exchange(f, "PUT", "/users/42", "x");
            assertThat(put).startsWith("HTTP/1.1 405 Method Not Allowed").contains("\r\nAllow: DELETE, GET, HEAD\r\n");
            assertThat(exchange(f, "POST", "/", "x"))
                    .startsWith("HTTP/1.1 405 ")
                    .contains("\r\nAllow: GET, HEAD\r\n");
            assertThat(exchange(f, "GET", "/items", null)).contains("\r\nAllow: POST\r\n");
            // /users/new is a literal with GET only, but DELETE /users/{id} takes it too.
            assertThat(exchange(f, "DELETE", "/users/new", null)).startsWith("HTTP/1.1 400 ");
            assertThat(exchange(f, "OPTIONS", "/users/42", null))
                    .startsWith("HTTP/1.1 204 ")
                    .contains("\r\nAllow: DELETE, GET, HEAD\r\n");
        }
    }

    @Test
    void headIsServedByTheGetRouteWithoutItsBody() throws Exception {
        try (ServerFixture f = start()) {
            String head = exchange(f, "HEAD", "/users/42", null);
            assertThat(head)
                    .startsWith("HTTP/1.1 200 OK")
                    .contains("Content-Length: 7\r\n")
                    .endsWith("\r\n\r\n");
        }
    }

    @Test
    void routesGetTheirMethodsBodiesAndTypedParameters() throws Exception {
        try (ServerFixture f = start()) {
            assertThat(exchange(f, "POST", "/items", "abc"))
                    .startsWith("HTTP/1.1 201 ")
                    .endsWith("created abc");
            assertThat(exchange(f, "DELETE", "/users/5", null)).endsWith("\r\n\r\ndeleted 5");
            assertThat(exchange(f, "DELETE", "/users/five", null))
                    .startsWith("HTTP/1.1 400 Bad Request")
                    .endsWith("parameter 'id' must be an integer, got 'five'\n");
            assertThat(get(f, "/slow")).endsWith("\r\n\r\nslept");
        }
    }

    @Test
    void aCustomNotFoundHandlerAnswersUnmatchedPaths() throws Exception {
        Router r = new Router()
                .get("/a", (c, q) -> c.send("a"))
                .notFound((c, q) -> c.send(Response.text(404, "no " + q.path() + "\n")));
        try (ServerFixture f = ServerFixture.start("http", new Callbacks().onMessage(r))) {
            assertThat(get(f, "/b")).startsWith("HTTP/1.1 404 ").endsWith("no /b\n");
        }
    }

    @Test
    void badPatternsAndDuplicateRoutesAreRefusedWithTheReason() {
        Router r = new Router().get("/a/{id}", (c, q) -> {});
        assertThatThrownBy(() -> r.get("/a/{id}", (c, q) -> {})).hasMessageContaining("routed already");
        assertThatThrownBy(() -> r.get("/a/{other}", (c, q) -> {})).hasMessageContaining("routed already");
        assertThatThrownBy(() -> r.get("a", (c, q) -> {})).hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> r.get("/x/*/y", (c, q) -> {})).hasMessageContaining("last segment");
        assertThatThrownBy(() -> r.get("/x/{a}/{a}", (c, q) -> {})).hasMessageContaining("repeated");
        assertThatThrownBy(() -> r.get("/x/a{b}", (c, q) -> {})).hasMessageContaining("whole segment");
        assertThatThrownBy(() -> r.route("GE T", "/x", (c, q) -> {})).hasMessageContaining("not an HTTP method");
    }
}
