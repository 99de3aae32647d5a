package dev.weft.demo;

import dev.weft.net.TimeLimits;
import dev.weft.server.Topic;
import dev.weft.server.WebSocketWorker;
import dev.weft.server.Weft;
import dev.weft.server.Worker;

/**
 * The demo server, Weft's main job, and its CLI ({@code ./weft start | stop | reload | status | co ...}):
 * HTTP on 8080, a WebSocket chat on 8081 (path {@code /}; a message, text or binary, is broadcast through
 * the topics {@code chat} and {@code chat.binary} to every chat connection of every process), a text echo on
 * 8082 (each line comes back), HTTPS on 8443 (the routes of 8080) and the same chat over secure WebSocket on
 * 8444, each with one worker process per core. See {@link DemoConfig} for flags and environment, and
 * {@link DemoTls} for the certificate. Every listener is declared with its typed builder ({@code Worker.http},
 * {@code Worker.websocket}, {@code Worker.text}), so each handler's message type is checked by the compiler.
 */
public final class DemoMain {
    private DemoMain() {}

    /** Declares the Workers and runs the Weft command line. */
    public static void main(String[] args) {
        DemoConfig cfg = Weft.options(new DemoConfig(), args);
        // The run directory: WEFT_RUN_DIR (./weft sets the repository's run/), else Weft's per-user default.
        Weft.appName("weft");
        DemoTls tls;
        try {
            tls = DemoTls.from(System.getenv(), Weft.settings().runDir());
        } catch (IllegalArgumentException e) {
            System.err.println("weft: " + e.getMessage());
            System.exit(2);
            return;
        }
        declare(cfg, tls);
        Weft.runAll(args);
    }

    static void declare(DemoConfig cfg, DemoTls tls) {
        TimeLimits limits = TimeLimits.DEFAULT.withKeepAliveRequests(cfg.keepAliveRequests());
        Worker.http("http://" + cfg.host() + ":" + cfg.httpPort())
                .name("web")
                .count(cfg.workers())
                .reloadable(true)
                .standby(cfg.standby())
                .configure(w -> w.timeLimits(limits))
                .onRequest(DemoHttp.ROUTER);
        Worker.http("https://" + cfg.host() + ":" + cfg.httpsPort())
                .name("web-tls")
                .count(cfg.workers())
                .reloadable(true)
                .standby(cfg.standby())
                .configure(w -> w.timeLimits(limits))
                .ssl(tls.config())
                .onWorkerStart(w -> tls.ensure())
                .onRequest(DemoHttp.ROUTER);
        chat(Worker.websocket("websocket://" + cfg.host() + ":" + cfg.wsPort()).name("chat"), cfg, null);
        // The same chat over TLS: its processes subscribe to the same topics, so ws and wss clients talk together.
        chat(
                Worker.websocket("wss://" + cfg.host() + ":" + cfg.wssPort())
                        .name("chat-tls")
                        .ssl(tls.config()),
                cfg,
                tls);
        Worker.text("text://" + cfg.host() + ":" + cfg.textPort())
                .name("echo")
                .count(cfg.workers())
                .onLine((c, line) -> c.send(line));
    }

    /**
     * A chat Worker: every chat process subscribes to the topics "chat" (text) and "chat.binary"; a message is
     * published there, so it reaches the clients of every process (of both chat Workers), not only those of the
     * process that received it. Without onBinary a binary message would close with 1003.
     */
    private static void chat(WebSocketWorker chat, DemoConfig cfg, DemoTls tls) {
        Topic room = Weft.topic("chat");
        Topic binaryRoom = Weft.topic("chat.binary");
        chat.count(cfg.workers()).onWorkerStart(w -> {
            if (tls != null) {
                tls.ensure();
            }
            room.subscribe(text -> chat.connections().forEach(peer -> peer.send(text)));
            binaryRoom.subscribe(byte[].class, data -> chat.connections().forEach(peer -> peer.send(data)));
        });
        chat.onText((c, text) -> room.publish(text)).onBinary((c, data) -> binaryRoom.publish(data));
    }
}
