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
 * 127.0.0.1:9464} starts). Binds to the address given, normally loopback: metrics reveal internals
 * and are meant for a local agent. Each request runs on a virtual thread.
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
        HttpServer server = HttpServer.create(parse(hostPort), 0);
        server.createContext("/metrics", exchange -> serve(exchange, text));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
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

    private static void serve(HttpExchange exchange, Supplier<String> text) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            int status = 200;
            try {
                body = text.get().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                status = 500;
                body = ("metrics unavailable: " + e + "\n").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            exchange.sendResponseHeaders(status, body.length);
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
