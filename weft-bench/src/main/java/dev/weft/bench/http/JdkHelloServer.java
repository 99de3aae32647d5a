package dev.weft.bench.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The JDK baseline of the HTTP plaintext benchmark: {@code com.sun.net.httpserver} with a
 * virtual-thread-per-exchange executor, answering {@code hello} as text/plain.
 * Usage: {@code JdkHelloServer [port]}.
 */
public final class JdkHelloServer {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private JdkHelloServer() {}

    /** Starts the server; it runs until the process is killed. */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8091;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, HELLO.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(HELLO);
            }
        });
        server.start();
        System.out.println("jdk httpserver listening on 127.0.0.1:" + port);
    }
}
