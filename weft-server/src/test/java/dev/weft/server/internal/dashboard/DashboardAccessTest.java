package dev.weft.server.internal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.CommandRegistry;
import dev.weft.control.Commands;
import dev.weft.control.Json;
import dev.weft.control.ProcessIdentity;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.server.internal.ipc.Fanout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's doors, on a real socket: the token file, Bearer and cookie access, and the POSTs a page of
 * another site cannot forge. The "children" are this JVM's own command registry, so a cancel acts on a real
 * coroutine.
 */
class DashboardAccessTest {
    private static final Pattern CSRF_META = Pattern.compile("name=\"weft-csrf\" content=\"([^\"]+)\"");

    @TempDir
    Path dir;

    Dashboard dashboard;
    String token;
    String base;
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        dashboard = Dashboard.start(
                new DashboardConfig("127.0.0.1:0", null), new InProcessMaster(dir), new PrintStream(printed, true));
        token = Files.readString(dir.resolve("demo.dashboard.token")).strip();
        base = "http://127.0.0.1:" + dashboard.port();
        assertThat(printed.toString()).contains(base + "/login#token=" + token);
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    @Test
    void theTokenFileIsForItsOwnerOnly() throws Exception {
        Path file = dir.resolve("demo.dashboard.token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void aTokenFromTheEnvironmentMustBeLongEnough() {
        assertThatThrownBy(() -> DashboardToken.establish(dir.resolve("x.token"), "short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WEFT_DASHBOARD_TOKEN");
    }

    @Test
    void withoutTheTokenOrWithABadOneEverythingAnswers401() throws Exception {
        assertThat(send(get("/api/status")).statusCode()).isEqualTo(401);
        HttpResponse<String> page = send(get("/processes"));
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("id=\"login\"");
        assertThat(send(get("/api/status").header("Authorization", "Bearer " + token + "x"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(get("/processes").header("Cookie", "weft_dashboard=" + token))
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(post("/api/stop", "{}")).statusCode()).isEqualTo(401);
    }

    @Test
    void aBearerTokenOpensTheApi() throws Exception {
        HttpResponse<String> r = send(get("/api/status").header("Authorization", "Bearer " + token));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).path("master").path("state").asText())
                .isEqualTo("RUNNING");
    }

    @Test
    void aLoginSetsAnHttpOnlySameSiteCookieThatOpensThePages() throws Exception {
        assertThat(send(login("wrong-token-wrong-token")).statusCode()).isEqualTo(401);
        HttpResponse<String> r = send(login(token));
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("weft_dashboard=").contains("HttpOnly", "SameSite=Strict");
        assertThat(setCookie).doesNotContain(token);
        HttpResponse<String> page = send(get("/coroutines").header("Cookie", cookie(setCookie)));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
        assertThat(CSRF_META.matcher(page.body()).find()).isTrue();
    }

    @Test
    void aPostWithTheCookieNeedsTheCsrfTokenAndOurOrigin() throws Exception {
        CompletableFuture<Boolean> slept = new CompletableFuture<>();
        Coroutine sleeper = Co.go("dash-sleeper", () -> slept.complete(Co.sleep(Duration.ofSeconds(60))));
        String cookie =
                cookie(send(login(token)).headers().firstValue("Set-Cookie").orElseThrow());
        Matcher m = CSRF_META.matcher(
                send(get("/coroutines").header("Cookie", cookie)).body());
        assertThat(m.find()).isTrue();
        String csrf = m.group(1);
        long pid = ProcessHandle.current().pid();
        String body = "{\"pid\":" + pid + ",\"cid\":" + sleeper.id() + "}";

        HttpResponse<String> noCsrf = send(post("/api/cancel", body).header("Cookie", cookie));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(noCsrf.body()).contains("X-Weft-CSRF");
        HttpResponse<String> otherSite = send(post("/api/cancel", body)
                .header("Cookie", cookie)
                .header("X-Weft-CSRF", csrf)
                .header("Origin", "http://evil.example"));
        assertThat(otherSite.statusCode()).isEqualTo(403);
        assertThat(slept).isNotDone();

        HttpResponse<String> ok = send(post("/api/cancel", body)
                .header("Cookie", cookie)
                .header("X-Weft-CSRF", csrf)
                .header("Origin", base));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.body()).path("cancelled").asBoolean())
                .isTrue();
        assertThat(slept.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aKillByAgeCountsEveryKilledCoroutineAndNamesAtMostAHundred() throws Exception {
        List<Coroutine> sleepers = new ArrayList<>();
        for (int i = 0; i < 120; i++) sleepers.add(Co.go("dash-old-" + i, () -> Co.sleep(Duration.ofSeconds(60))));
        await().atMost(Duration.ofSeconds(10)).until(() -> sleepers.stream().allMatch(c -> c.suspension() != null));
        HttpResponse<String> r = send(post("/api/kill-older", "{\"olderThan\":\"0s\",\"match\":\"^sleep$\"}")
                .header("Authorization", "Bearer " + token));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode out = Json.MAPPER.readTree(r.body());
        assertThat(out.path("count").asLong()).isGreaterThanOrEqualTo(120);
        JsonNode proc = out.path("processes").get(0);
        assertThat(proc.path("count").asLong()).isEqualTo(out.path("count").asLong());
        assertThat(proc.path("killed")).hasSize(100);
        await().atMost(Duration.ofSeconds(10)).until(() -> sleepers.stream().allMatch(Coroutine::isDone));
    }

    @Test
    void aLoginFromAnotherSiteIsRefused() throws Exception {
        assertThat(send(login(token).header("Origin", "http://evil.example")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void theCoroutineListFindsByNameAndTheStackByClick() throws Exception {
        Coroutine sleeper = Co.go("dash-findme", () -> Co.sleep(Duration.ofSeconds(60)));
        try {
            // Found by name, once it has reached its sleep.
            JsonNode rows = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> Json.MAPPER
                                    .readTree(send(get("/api/coroutines?q=FINDME")
                                                    .header("Authorization", "Bearer " + token))
                                            .body())
                                    .path("processes")
                                    .get(0)
                                    .path("coroutines"),
                            r -> r.size() == 1 && !r.get(0).path("suspension").isNull());
            assertThat(rows.get(0).path("suspension").path("event").asText()).isEqualTo("sleep");
            JsonNode stack = Json.MAPPER.readTree(
                    send(get("/api/stack?pid=" + ProcessHandle.current().pid() + "&cid=" + sleeper.id())
                                    .header("Authorization", "Bearer " + token))
                            .body());
            assertThat(stack.path("stack").toString()).contains("DashboardAccessTest");
        } finally {
            sleeper.kill();
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder login(String t) {
        return HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + t));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String cookie(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** A master whose only "child" is this JVM, answering with the real command registry. */
    private record InProcessMaster(Path runDir) implements MasterView {
        private static final CommandRegistry COMMANDS = Commands.standard(ProcessIdentity.current("web", 0));

        @Override
        public String appName() {
            return "demo";
        }

        @Override
        public ObjectNode status(String window) {
            ObjectNode doc = Json.object();
            doc.putObject("master").put("state", "RUNNING");
            doc.putArray("processes");
            return doc;
        }

        @Override
        public Fanout fanout() {
            return new Fanout() {
                @Override
                public List<ChildReply> all(String cmd, JsonNode args, Duration timeout) {
                    return List.of(one(ProcessHandle.current().pid(), cmd, args, timeout));
                }

                @Override
                public ChildReply one(long pid, String cmd, JsonNode args, Duration timeout) {
                    JsonNode reply = COMMANDS.handle(cmd, args);
                    return new ChildReply(pid, "web", 0, true, reply, null);
                }

                @Override
                public List<Child> children() {
                    return List.of(new Child(ProcessHandle.current().pid(), "web", 0));
                }

                @Override
                public java.util.concurrent.CompletableFuture<JsonNode> stream(
                        long pid, String cmd, JsonNode args, dev.weft.server.internal.ipc.Peer.RowListener rows) {
                    throw new UnsupportedOperationException("the dashboard does not stream");
                }
            };
        }

        @Override
        public String redis() {
            return null;
        }

        @Override
        public String reload(boolean graceful) {
            return "started";
        }

        @Override
        public void stop(boolean graceful) {}
    }
}
