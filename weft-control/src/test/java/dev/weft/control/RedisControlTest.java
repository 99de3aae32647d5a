package dev.weft.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Coroutine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RedisControlTest {
    private static final String SECRET_TEXT = "test-secret-0123456789abcdef";
    private static final ControlSecret SECRET = ControlSecret.of(SECRET_TEXT);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Fixtures fx = new Fixtures();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
        fx.close();
    }

    private static String app(String name) {
        return name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    private RedisControlServer server(URI redis, String app, int worker, CommandRegistry commands) {
        RedisControlServer s = new RedisControlServer(redis, app, commands, SECRET).start();
        resources.add(s);
        await().until(s::isSubscribed);
        return s;
    }

    private RedisControlServer server(URI redis, String app, int worker) {
        return server(
                redis,
                app,
                worker,
                Commands.standard(new ProcessIdentity("local", 1000 + worker, "w" + worker, worker)));
    }

    @Test
    void severalInProcessSubscribersAndASeparateJvmAllAnswerABroadcast() throws Exception {
        URI redis = TestRedis.shared();
        String app = app("multi");
        server(redis, app, 0);
        server(redis, app, 1);
        server(redis, app, 2);
        Process external = startExternal(redis, app, 9);
        RedisControlClient client = new RedisControlClient(redis, app, SECRET);
        await().until(() -> client.listeners() == 4);

        Coroutine sleeper = fx.sleeper("broadcast-me");
        BroadcastResult result = client.broadcast("list", null, TIMEOUT);
        assertThat(result.expected()).isEqualTo(4);
        assertThat(result.answered()).isEqualTo(4);
        assertThat(result.complete()).isTrue();
        assertThat(result.replies()).extracting(r -> r.get("worker").asText()).containsExactly("w0", "w1", "w2", "w9");
        assertThat(result.replies())
                .allSatisfy(r -> assertThat(r.get("ok").asBoolean()).isTrue());
        // The in-JVM ones share this JVM's registry; the external one has its own sleeper.
        assertThat(result.replies().get(0).get("result").get("coroutines").toString())
                .contains("\"id\":" + sleeper.id());
        ObjectNode externalReply = result.replies().get(3);
        assertThat(externalReply.get("pid").asLong())
                .isEqualTo(external.pid())
                .isNotEqualTo(ProcessHandle.current().pid());
        assertThat(externalReply.get("result").get("coroutines").toString()).contains("external-sleeper");

        // The external process goes away: the next broadcast reports it missing.
        external.getOutputStream().close();
        external.waitFor();
        await().until(() -> client.listeners() == 3);
        BroadcastResult after = client.broadcast("stats", null, TIMEOUT);
        assertThat(after.expected()).isEqualTo(3);
        assertThat(after.answered()).isEqualTo(3);
        assertThat(after.missing())
                .containsExactly(externalReply.get("host").asText() + "/" + external.pid() + "/w9/9");
        assertThat(after.toJson().get("missing").size()).isEqualTo(1);
    }

    @Test
    void twoAppsOnOneRedisDoNotSeeEachOthersCommands() {
        URI redis = TestRedis.shared();
        String appA = app("a");
        String appB = app("b");
        RedisControlServer a = server(redis, appA, 0);
        RedisControlServer b = server(redis, appB, 1);
        BroadcastResult ra = new RedisControlClient(redis, appA, SECRET).broadcast("hello", null, TIMEOUT);
        assertThat(ra.replies()).extracting(r -> r.get("worker").asText()).containsExactly("w0");
        assertThat(a.executed()).isEqualTo(1);
        assertThat(b.executed()).isZero();
        assertThat(b.rejected()).isZero();
    }

    @Test
    void badSignaturesExpiredTimestampsReplaysAndGarbageAreRefusedAndNotExecuted() throws Exception {
        URI redis = TestRedis.shared();
        String app = app("guard");
        AtomicInteger touched = new AtomicInteger();
        CommandRegistry commands = Commands.standard(new ProcessIdentity("local", 1, "w0", 0))
                .register(new Command() {
                    public String name() {
                        return "touch";
                    }

                    public String description() {
                        return "counts";
                    }

                    public JsonNode execute(Args args) {
                        return Json.object().put("n", touched.incrementAndGet());
                    }
                });
        RedisControlServer server = server(redis, app, 0, commands);
        Coroutine victim = fx.sleeper("victim");
        String channel = Channels.control(app);
        ObjectNode killArgs = Json.object().put("cid", victim.id());
        try (Jedis jedis = new Jedis(redis)) {
            // Unsigned.
            jedis.publish(
                    channel,
                    ControlMessage.create(app, "kill", killArgs, System.currentTimeMillis())
                            .toJson()
                            .toString());
            // Signed with another secret.
            jedis.publish(
                    channel,
                    SignedMessages.sign(
                                    ControlMessage.create(app, "kill", killArgs, System.currentTimeMillis())
                                            .toJson(),
                                    ControlSecret.of("another-secret-0123456789"))
                            .toString());
            // Tampered after signing.
            ObjectNode tampered = SignedMessages.sign(
                    ControlMessage.create(app, "touch", null, System.currentTimeMillis())
                            .toJson(),
                    SECRET);
            tampered.put("cmd", "kill");
            tampered.set("args", killArgs);
            jedis.publish(channel, tampered.toString());
            // Expired and from the future.
            jedis.publish(
                    channel,
                    SignedMessages.sign(
                                    ControlMessage.create(app, "kill", killArgs, System.currentTimeMillis() - 31_000)
                                            .toJson(),
                                    SECRET)
                            .toString());
            jedis.publish(
                    channel,
                    SignedMessages.sign(
                                    ControlMessage.create(app, "kill", killArgs, System.currentTimeMillis() + 31_000)
                                            .toJson(),
                                    SECRET)
                            .toString());
            // Garbage.
            jedis.publish(channel, "{not json");
            jedis.publish(channel, "[1,2,3]");
            jedis.publish(channel, "");
            // A valid one, then the very same bytes again (a replay).
            String valid = SignedMessages.sign(
                            ControlMessage.create(app, "touch", null, System.currentTimeMillis())
                                    .toJson(),
                            SECRET)
                    .toString();
            jedis.publish(channel, valid);
            jedis.publish(channel, valid);
        }
        await().until(() -> server.rejected() == 6 && server.garbage() == 3 && touched.get() == 1);
        assertThat(server.executed()).isEqualTo(1);
        assertThat(victim.isDone()).isFalse();
        // And the subscriber is still alive and answering.
        BroadcastResult r = new RedisControlClient(redis, app, SECRET).broadcast("touch", null, TIMEOUT);
        assertThat(r.answered()).isEqualTo(1);
        assertThat(r.replies().getFirst().get("result").get("n").asInt()).isEqualTo(2);
    }

    @Test
    void subscriberReconnectsAfterARedisRestart() throws Exception {
        TestRedis own = TestRedis.startOwn();
        resources.add(own::stop);
        String app = app("restart");
        RedisControlServer server = server(own.uri(), app, 0);
        RedisControlClient client = new RedisControlClient(own.uri(), app, SECRET);
        assertThat(client.broadcast("hello", null, TIMEOUT).answered()).isEqualTo(1);

        own.kill();
        await().until(() -> !server.isSubscribed());
        own.launch();
        await().atMost(Duration.ofSeconds(15)).until(server::isSubscribed);
        assertThat(server.subscriptions()).isEqualTo(2);

        BroadcastResult again = client.broadcast("list", null, TIMEOUT);
        assertThat(again.expected()).isEqualTo(1);
        assertThat(again.answered()).isEqualTo(1);
        assertThat(again.missing()).isEmpty();
    }

    @Test
    void broadcastToNobodyReturnsAtOnceWithZeroExpected() {
        BroadcastResult r =
                new RedisControlClient(TestRedis.shared(), app("empty"), SECRET).broadcast("list", null, TIMEOUT);
        assertThat(r.expected()).isZero();
        assertThat(r.answered()).isZero();
        assertThat(r.complete()).isTrue();
    }

    private Process startExternal(URI redis, String app, int worker) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ControlProcessMain.class.getName(),
                redis.toString(),
                app,
                "w" + worker,
                Integer.toString(worker));
        pb.environment().put(ControlSecret.ENV, SECRET_TEXT);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        resources.add(() -> {
            p.destroyForcibly();
            p.waitFor();
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        List<String> seen = new ArrayList<>();
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            seen.add(line);
        }
        assertThat(line)
                .as("external worker output %s", seen.stream().collect(Collectors.joining("\n")))
                .isEqualTo("ready");
        return p;
    }
}
