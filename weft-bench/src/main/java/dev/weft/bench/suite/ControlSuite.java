package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.ControlMessage;
import dev.weft.control.ControlSecret;
import dev.weft.control.SignedMessages;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * Security of control, at the process level: the master's control socket is mode 0600 and refuses another
 * user (run as {@code nobody} with setpriv, both behind the run directory's own mode and with that directory
 * opened to everyone); over Redis, unsigned, wrongly signed, tampered, expired, future-dated, replayed and
 * garbage messages are refused by every worker (log lines, nothing executed) while a signed {@code co stats
 * --redis} still answers. The message-level rules have unit tests in weft-control
 * ({@code MessageGuardTest}, {@code RedisControlTest.badSignaturesExpiredTimestampsReplaysAndGarbageAreRefusedAndNotExecuted}).
 *
 * <pre>java -cp ... dev.weft.bench.suite.ControlSuite    (Redis: $WEFT_REDIS_URL, else a redis-server binary on PATH)</pre>
 */
public final class ControlSuite {
    private static final String SECRET = "suite-secret-0123456789abcdef";

    private ControlSuite() {}

    public static void main(String[] args) throws Exception {
        Checks checks = new Checks("security of control");
        socket(checks);
        redis(checks);
        System.exit(checks.finish());
    }

    private static void socket(Checks checks) throws Exception {
        Path dir = Checks.tempDir("control");
        try (App app = App.start(dir, Map.of("suite.web", "1"), Map.of(), 4)) {
            Path sock = app.settings().controlSocket();
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(sock));
            checks.check("the control socket is mode 0600", mode.equals("rw-------"), sock + " " + mode);
            checks.measure(
                    "run directory modes",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)) + " (suite dir), "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(app.runDir)) + " (run dir)");
            Path probeDir = Checks.tempDir("ctlprobe");
            Files.setPosixFilePermissions(probeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            // CtlProbe's class file alone, in a directory everyone can read, so that nobody can run it
            Path pkg = Files.createDirectories(probeDir.resolve("dev/weft/bench/suite"));
            try (var in = ControlSuite.class.getResourceAsStream("CtlProbe.class")) {
                Files.write(pkg.resolve("CtlProbe.class"), in.readAllBytes());
            }
            for (Path d = pkg; !d.equals(probeDir); d = d.getParent()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(pkg.resolve("CtlProbe.class"), PosixFilePermissions.fromString("rw-r--r--"));
            Path src = probeDir;
            String asOwner = probe(List.of(), src, sock);
            checks.check("the owner's probe is answered (the probe works)", asOwner.startsWith("answered:"), asOwner);
            List<String> nobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
            if (ProcessHandle.current().info().user().orElse("").equals("root") || "0".equals(uid())) {
                String behindDir = probe(nobody, src, sock);
                checks.check(
                        "user nobody is refused (run directory not searchable by others)",
                        behindDir.startsWith("refused:"),
                        behindDir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(app.runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                String bySocketMode = probe(nobody, src, sock);
                checks.check(
                        "user nobody is refused by the socket's own mode 0600 (directories opened to everyone)",
                        bySocketMode.startsWith("refused:") && bySocketMode.contains("ermission"),
                        bySocketMode);
            } else {
                checks.measure("another user", "skipped: not root, cannot switch to nobody");
            }
            checks.check(
                    "the master is alive after the refused connections",
                    app.master.isAlive() && app.statusOrNull() != null,
                    null);
            deleteTree(probeDir);
        }
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .findFirst()
                    .map(l -> l.split("\\s+")[1])
                    .orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String probe(List<String> prefix, Path src, Path sock) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx32m",
                "-cp",
                src.toString(),
                CtlProbe.class.getName(),
                sock.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    private static void redis(Checks checks) throws Exception {
        String url = System.getenv("WEFT_REDIS_URL");
        Process server = null;
        if (url == null || url.isBlank()) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            try {
                server = new ProcessBuilder(
                                "redis-server",
                                "--port",
                                "" + port,
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "no")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                checks.measure("Redis", "skipped: no WEFT_REDIS_URL and no redis-server binary");
                return;
            }
            url = "redis://127.0.0.1:" + port;
        }
        try {
            URI redis = URI.create(url);
            awaitRedis(redis);
            Path dir = Checks.tempDir("control-redis");
            String app = "suite" + ProcessHandle.current().pid();
            try (App a = App.start(
                    dir,
                    Map.of("suite.web", "2", "weft.app", app),
                    Map.of("WEFT_CONTROL_REDIS", url, "WEFT_CONTROL_SECRET", SECRET),
                    5)) {
                Map<String, Long> pids = a.allPids();
                a.await("every worker subscribed to Redis", Duration.ofSeconds(60), s -> subscribers(redis, app) >= 5);
                HttpLoad.Conn c = new HttpLoad.Conn(a.port("web"));
                checks.check("10 sleepers started", c.get("/spawn?n=10&ms=3600000") == 200, null);
                c.closeQuietly();
                String channel = "weft:" + app + ":control";
                ObjectNode kill = dev.weft.control.Json.object().put("olderThan", 0);
                ControlSecret secret = ControlSecret.of(SECRET);
                try (Jedis j = new Jedis(redis)) {
                    j.publish(
                            channel,
                            ControlMessage.create(app, "kill", kill, System.currentTimeMillis())
                                    .toJson()
                                    .toString());
                    j.publish(
                            channel,
                            SignedMessages.sign(
                                            ControlMessage.create(app, "kill", kill, System.currentTimeMillis())
                                                    .toJson(),
                                            ControlSecret.of("another-secret-0123456789"))
                                    .toString());
                    ObjectNode tampered = SignedMessages.sign(
                            ControlMessage.create(app, "stats", null, System.currentTimeMillis())
                                    .toJson(),
                            secret);
                    tampered.put("cmd", "kill");
                    tampered.set("args", kill);
                    j.publish(channel, tampered.toString());
                    j.publish(
                            channel,
                            SignedMessages.sign(
                                            ControlMessage.create(
                                                            app, "kill", kill, System.currentTimeMillis() - 120_000)
                                                    .toJson(),
                                            secret)
                                    .toString());
                    j.publish(
                            channel,
                            SignedMessages.sign(
                                            ControlMessage.create(
                                                            app, "kill", kill, System.currentTimeMillis() + 120_000)
                                                    .toJson(),
                                            secret)
                                    .toString());
                    String valid = SignedMessages.sign(
                                    ControlMessage.create(app, "stats", null, System.currentTimeMillis())
                                            .toJson(),
                                    secret)
                            .toString();
                    j.publish(channel, valid);
                    j.publish(channel, valid); // replay
                    j.publish(channel, "{not json");
                    j.publish(channel, "\u0000\u00ff garbage");
                    j.publish(channel, "[1,2,3]");
                }
                int processes = pids.size();
                a.await(
                        "every worker to log the refusals",
                        Duration.ofSeconds(60),
                        s -> count(a.log(), "refused control message") >= 6L * processes
                                && count(a.log(), "ignoring garbage") >= 3L * processes);
                checks.check(
                        "unsigned, wrongly signed, tampered, expired, future-dated and replayed messages are refused by every worker",
                        true,
                        count(a.log(), "refused control message") + " refusals logged by " + processes + " workers");
                checks.check(
                        "garbage on the Redis channel is ignored with a log line",
                        true,
                        count(a.log(), "ignoring garbage") + " lines");
                long live = 0;
                for (var p : a.status().path("processes"))
                    live += p.path("coroutines").asLong();
                checks.check(
                        "the refused kills killed nothing (the 10 sleepers live)", live >= 10, live + " coroutines");
                App.CliResult stats = a.cli("co", "stats", "--json", "--redis", url, "--app", app, "--timeout", "10s");
                checks.check(
                        "a signed co stats --redis still answers from every worker",
                        stats.code() == 0 && count(stats.out(), "\"ok\":true") == processes,
                        stats.code() + " " + stats.err().strip());
                checks.check("no process died or was replaced", a.allPids().equals(pids), a.allPids());
            }
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static long subscribers(URI redis, String app) {
        try (Jedis j = new Jedis(redis)) {
            return j.pubsubNumSub("weft:" + app + ":control").values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void awaitRedis(URI redis) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Jedis j = new Jedis(redis)) {
                if ("PONG".equals(j.ping())) return;
            } catch (RuntimeException e) {
                Thread.sleep(100); // poll until redis-server listens
            }
        }
        throw new IllegalStateException("Redis at " + redis + " does not answer");
    }

    private static long count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
