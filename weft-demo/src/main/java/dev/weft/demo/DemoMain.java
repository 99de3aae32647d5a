package dev.weft.demo;

import dev.weft.net.Connection;
import dev.weft.net.http.HttpRequest;
import dev.weft.server.Topic;
import dev.weft.server.Weft;
import dev.weft.server.Worker;

/**
 * The demo server, Weft's main job, and its CLI ({@code ./weft start | stop | reload | status | co ...}):
 * HTTP on 8080, a WebSocket chat on 8081 (path {@code /}; a message, text or binary, is broadcast through
 * the topics {@code chat} and {@code chat.binary} to every chat connection of every process) and a text echo on
 * 8082 (each line comes back), each with one
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
        // Every chat process subscribes to the topics "chat" (text) and "chat.binary"; a message is published
        // there, so it reaches the clients of every process, not only those of the process that received it.
        // Without onBinary a binary message would close with 1003.
        Topic room = Weft.topic("chat");
        Topic binaryRoom = Weft.topic("chat.binary");
        chat.onWorkerStart(w -> {
            room.subscribe(text -> chat.connections().forEach(peer -> peer.send(text)));
            binaryRoom.subscribe(byte[].class, data -> chat.connections().forEach(peer -> peer.send(data)));
        });
        chat.onMessage((Connection c, String text) -> room.publish(text))
                .onBinary((c, data) -> binaryRoom.publish(data));
        new Worker("text://" + cfg.host() + ":" + cfg.textPort())
                .name("echo")
                .count(cfg.workers())
                .onMessage((Connection c, String line) -> c.send(line));
    }
}
