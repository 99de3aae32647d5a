package dev.weft.bench.ws;

import dev.weft.net.Connection;
import dev.weft.server.Weft;
import dev.weft.server.Worker;

/**
 * Weft's side of the WebSocket echo benchmark: a {@code websocket://} Worker whose processes echo
 * every text and binary message. Usage: {@code -Dws.port=P -Dws.processes=N -Dws.runDir=D
 * [-Dws.deflate=off|no-context-takeover|context-takeover] WeftWsEchoServer start|stop} (permessage-deflate: Weft's
 * default, no-context-takeover, unless set).
 * Settings are system properties, not arguments, because the master passes its JVM options, not its
 * arguments, on to the children it spawns.
 */
public final class WeftWsEchoServer {
    private WeftWsEchoServer() {}

    /** Runs the Weft CLI ({@code start} in the foreground, or {@code stop}) for the echo Worker. */
    public static void main(String[] args) {
        int port = Integer.getInteger("ws.port", 8097);
        int processes = Integer.getInteger("ws.processes", 2);
        Weft.appName("ws-bench");
        Weft.runDir(System.getProperty("ws.runDir", "run/ws-bench"));
        new Worker("websocket://127.0.0.1:" + port)
                .name("echo")
                .count(processes)
                .perMessageDeflate(WsDeflate.parse(System.getProperty("ws.deflate", "no-context-takeover"))
                        .weft())
                .onMessage((Connection c, Object m) -> c.send(m));
        Weft.runAll(args);
    }
}
