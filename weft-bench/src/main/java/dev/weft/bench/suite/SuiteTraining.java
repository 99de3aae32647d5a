package dev.weft.bench.suite;

import dev.weft.coroutine.Co;
import dev.weft.net.Callbacks;
import dev.weft.net.Connection;
import dev.weft.net.ListenUrl;
import dev.weft.net.NetOptions;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.server.NetServer;
import dev.weft.server.Worker;
import dev.weft.server.internal.control.ChildControl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The training run of the AOT cache the suites' JVMs use ({@link App#aotOptions()}), as {@code ./weft} trains
 * the demo's (dev.weft.demo.Training): a worker's path, {@link SuiteApp}'s HTTP answers served to a plain socket
 * client, and what a child's control plane builds (the command registry, a metrics scrape). Binds only an
 * ephemeral loopback port, and exits.
 */
public final class SuiteTraining {
    private SuiteTraining() {}

    public static void main(String[] args) throws Exception {
        NetServer server = new NetServer(
                ListenUrl.parse("http://127.0.0.1:0"),
                new Callbacks().onMessage((Connection c, HttpRequest r) -> c.send(SuiteApp.http(r))),
                NetOptions.defaults(),
                null);
        server.start(null);
        int port = server.localAddress().getPort();
        for (String path : new String[] {"/", "/pid", "/sleep?ms=1", "/spawn?n=2&ms=1"}) {
            get(port, path, true);
            get(port, path, false);
        }
        server.stopAccepting();
        server.closeAll();
        server.awaitIdle(Duration.ofSeconds(2));
        ChildControl.warmUp(new Worker().name("training"));
        Co.dump();
    }

    /** One request over a plain socket; reads the answer (to EOF when the server closes). */
    private static void get(int port, String path, boolean close) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (close ? "Connection: close\r\n" : "")
                    + "\r\n";
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            if (close) {
                while (in.read(buf) >= 0) {
                    // drain to EOF
                }
            } else {
                in.read(buf);
            }
        } catch (IOException e) {
            // a training request that fails still trained the path it took
        }
    }
}
