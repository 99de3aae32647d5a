package dev.weft.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A local HTTP endpoint serving Prometheus text at {@code /metrics} (what {@code --metrics
 * 127.0.0.1:9464} starts), and any further read-only routes added with {@link #route} (the master's
 * {@code /healthz} and {@code /readyz}). Binds to the address given, normally loopback: metrics reveal
 * internals and are meant for a local agent. Each request runs on a virtual thread.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code text} (called per scrape) on {@code hostPort}, e.g. {@code 127.0.0.1:9464}
     * (port 0: any free port, see {@link #port()}).
     *
     * @throws IllegalArgumentException if {@code hostPort} is not {@code host:port}
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer start(String hostPort, Supplier<String> text) throws IOException {
        Objects.requireNonNull(text, "text");
        MetricsServer s = open(hostPort);
        s.route("/metrics", () -> {
            try {
                return new Answer(200, PrometheusText.CONTENT_TYPE, text.get());
            } catch (RuntimeException e) {
                return new Answer(500, PrometheusText.CONTENT_TYPE, "metrics unavailable: " + e + "\n");
            }
        });
        return s;
    }

    /**
     * Starts serving on {@code hostPort} with no route yet: every path answers 404 until {@link #route}
     * adds one.
     *
     * @throws IllegalArgumentException if {@code hostPort} is not {@code host:port}
     * @throws IOException if the address cannot be bound
     */
    public static MetricsServer open(String hostPort) throws IOException {
        HttpServer server = HttpServer.create(parse(hostPort), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    /**
     * One answer of a route.
     *
     * @param status      the HTTP status
     * @param contentType the Content-Type header
     * @param body        the body, sent as UTF-8
     */
    public record Answer(int status, String contentType, String body) {}

    /**
     * Serves {@code GET path} (exactly that path) with what {@code answer} returns on each request; other
     * methods get 405. A route added twice replaces nothing: the first one stays and this throws.
     *
     * @return this server
     * @throws IllegalArgumentException if the path is already served
     */
    public MetricsServer route(String path, Supplier<Answer> answer) {
        Objects.requireNonNull(answer, "answer");
        server.createContext(path, exchange -> serve(exchange, path, answer));
        return this;
    }

    /** {@code host:port} → address; the host is required so nobody binds all interfaces by accident. */
    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("metrics address must be host:port, got " + hostPort);
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            return new InetSocketAddress(hostPort.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in metrics address " + hostPort);
        }
    }

    private static void serve(HttpExchange exchange, String path, Supplier<Answer> route) throws IOException {
        try (exchange) {
            if (!path.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1); // the JDK matches contexts by prefix
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Answer a;
            try {
                a = route.get();
            } catch (RuntimeException e) {
                a = new Answer(500, "text/plain; charset=utf-8", path + " failed: " + e + "\n");
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
