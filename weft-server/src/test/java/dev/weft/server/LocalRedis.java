package dev.weft.server;

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
 * A Redis for a test class: {@code WEFT_REDIS_URL} when set (CI starts one), else a {@code redis-server} from
 * the {@code PATH} started on a free port without persistence. Neither available: the test fails, it never
 * skips.
 */
final class LocalRedis implements AutoCloseable {
    private final Process process;
    final String url;

    private LocalRedis(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static LocalRedis start() throws IOException {
        String given = System.getenv("WEFT_REDIS_URL");
        if (given != null && !given.isBlank()) return new LocalRedis(null, given.trim());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(
                        binary(),
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
        LocalRedis r = new LocalRedis(p, "redis://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Jedis j = new Jedis(URI.create(r.url))) {
                return "PONG".equals(j.ping());
            }
        });
        return r;
    }

    private static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "redis-server");
            if (Files.isExecutable(p)) return p.toString();
        }
        for (String p : new String[] {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        throw new AssertionError("needs a Redis: set WEFT_REDIS_URL or install redis-server");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
