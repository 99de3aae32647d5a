package dev.weft.demo;

import dev.weft.coroutine.Co;
import dev.weft.net.Callbacks;
import dev.weft.net.Connection;
import dev.weft.net.ListenUrl;
import dev.weft.net.NetOptions;
import dev.weft.net.NetServer;
import dev.weft.net.http.HttpRequest;
import dev.weft.server.internal.cli.WeftCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The training run of the AOT cache that {@code ./weft} builds (JDK 25, JEP 483/514): it loads and
 * links what a worker and the CLI use — the CLI's command line, an HTTP listener serving real
 * requests, the control commands — so that every master, child and CLI JVM started from the cache
 * reaches "ready" sooner. It binds only an ephemeral loopback port and exits.
 */
public final class Training {
    private Training() {}

    /** Runs the workload once. */
    public static void main(String[] args) throws Exception {
        WeftCli.commandLine(dev.weft.server.Weft.settings())
                .setOut(new PrintWriter(new StringWriter()))
                .execute("status", "--help");
        NetServer server = new NetServer(
                ListenUrl.parse("http://127.0.0.1:0"),
                new Callbacks().onMessage((Connection c, HttpRequest r) -> DemoHttp.handle(c, r)),
                NetOptions.defaults(),
                null);
        server.start(null);
        int port = server.localAddress().getPort();
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (String path : new String[] {"/", "/json", "/coroutines", "/sleep?ms=1", "/missing"}) {
                get(client, port, path);
            }
        }
        server.stopAccepting();
        server.closeAll();
        server.awaitIdle(Duration.ofSeconds(2));
        Co.dump();
    }

    private static void get(HttpClient client, int port, String path) throws IOException, InterruptedException {
        client.send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
