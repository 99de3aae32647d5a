package dev.weft.control;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import redis.clients.jedis.Jedis;

/**
 * A Redis for tests: {@code WEFT_REDIS_URL} when set, else a {@code redis-server} this JVM starts on a
 * free port without persistence and stops at exit. Neither available → the test fails, it never skips.
 */
final class TestRedis {
    private static final String ENV = "WEFT_REDIS_URL";
    private static TestRedis shared;
    private final int port;
    private Process process;

    private TestRedis(int port) {
        this.port = port;
    }

    /** The Redis every test shares. */
    static synchronized URI shared() {
        String url = System.getenv(ENV);
        if (url != null && !url.isBlank()) {
            return URI.create(url.trim());
        }
        if (shared == null) {
            shared = startOwn();
            TestRedis s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return shared.uri();
    }

    /** A private redis-server (for tests that kill and restart it); the caller stops it. */
    static TestRedis startOwn() {
        TestRedis r = new TestRedis(freePort());
        r.launch();
        return r;
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** Starts redis-server on this port and waits until it answers PING. */
    synchronized void launch() {
        Path binary = binary();
        try {
            process = new ProcessBuilder(
                            binary.toString(),
                            "--port",
                            Integer.toString(port),
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
            throw new AssertionError("cannot start " + binary + ": " + e, e);
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Jedis j = new Jedis(uri())) {
                return "PONG".equals(j.ping());
            }
        });
    }

    /** Kills the server at once (SIGKILL), like a crash. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    void stop() {
        kill();
    }

    private static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new AssertionError("Redis tests need a Redis: set " + ENV + " (e.g. redis://127.0.0.1:6390) or install "
                + "redis-server on the PATH (apt-get install redis-server); neither is available");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }
}
