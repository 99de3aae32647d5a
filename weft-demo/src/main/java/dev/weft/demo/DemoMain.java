package dev.weft.demo;

import dev.weft.net.Connection;
import dev.weft.net.http.HttpRequest;
import dev.weft.server.Weft;
import dev.weft.server.Worker;

/**
 * The demo server, Weft's main job, and its CLI ({@code ./weft start | stop | reload | status | co ...}):
 * HTTP on 8080, a WebSocket chat on 8081 (path {@code /}; a message, text or binary, is broadcast to
 * every chat connection of the same process) and a text echo on 8082 (each line comes back), each with one
 * worker process per core. See {@link DemoConfig} for flags and environment.
 */
public final class DemoMain {
    private DemoMain() {}

    /** Declares the Workers and runs the Weft command line. */
    public static void main(String[] args) {
        DemoConfig cfg = Weft.options(new DemoConfig(), args);
        // The run directory: WEFT_RUN_DIR (./weft sets the repository's run/), else Weft's per-user default.
        Weft.appName("weft");
        declare(cfg);
        Weft.runAll(args);
    }

    static void declare(DemoConfig cfg) {
        new Worker("http://" + cfg.host() + ":" + cfg.httpPort())
                .name("web")
                .count(cfg.workers())
                .reloadable(true)
                .onMessage((Connection c, HttpRequest r) -> DemoHttp.handle(c, r));
        Worker chat = new Worker("websocket://" + cfg.host() + ":" + cfg.wsPort())
                .name("chat")
                .count(cfg.workers());
        // Text and binary messages alike are broadcast; without onBinary a binary one would close with 1003.
        chat.onMessage((Connection c, String text) -> chat.connections().forEach(peer -> peer.send(text)))
                .onBinary((c, data) -> chat.connections().forEach(peer -> peer.send(data)));
        new Worker("text://" + cfg.host() + ":" + cfg.textPort())
                .name("echo")
                .count(cfg.workers())
                .onMessage((Connection c, String line) -> c.send(line));
    }
}
