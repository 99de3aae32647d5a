package dev.weft.bench.ws;

import dev.weft.net.websocket.PerMessageDeflate;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.Locale;

/**
 * The permessage-deflate setting of the WebSocket echo benchmark, the same for the driver and both servers:
 * {@code off}, {@code no-context-takeover} (Weft's default: the driver asks for {@code server_no_context_takeover},
 * the servers ask for {@code client_no_context_takeover}) or {@code context-takeover}. Netty compresses at level 1,
 * as Weft does, so that both servers do the same work; Weft compresses messages from 1 KiB on (128 bytes with
 * context takeover), Netty every message. Also the benchmark's message text: JSON-like, so that compression has
 * something realistic to work on.
 */
enum WsDeflate {
    OFF,
    NO_CONTEXT_TAKEOVER,
    CONTEXT_TAKEOVER;

    private static final int LEVEL = 1;

    /** Parses {@code off}, {@code no-context-takeover} or {@code context-takeover}. */
    static WsDeflate parse(String mode) {
        return valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** From {@code -Dws.deflate} (default off). */
    static WsDeflate fromProperty() {
        return parse(System.getProperty("ws.deflate", "off"));
    }

    /** Weft's Worker setting. */
    PerMessageDeflate weft() {
        return switch (this) {
            case OFF -> PerMessageDeflate.OFF;
            case NO_CONTEXT_TAKEOVER -> PerMessageDeflate.NO_CONTEXT_TAKEOVER;
            case CONTEXT_TAKEOVER -> PerMessageDeflate.CONTEXT_TAKEOVER;
        };
    }

    /** The Netty server's extension handler; null when off. */
    WebSocketServerExtensionHandler nettyServer() {
        if (this == OFF) {
            return null;
        }
        // level, no server window limit, client window 15, accept server_no_context_takeover, ask for
        // client_no_context_takeover without context takeover.
        return new WebSocketServerExtensionHandler(
                new PerMessageDeflateServerExtensionHandshaker(LEVEL, false, 15, true, this == NO_CONTEXT_TAKEOVER));
    }

    /** The Netty driver's extension handler; null when off. */
    WebSocketClientExtensionHandler nettyClient() {
        if (this == OFF) {
            return null;
        }
        // level, no client window limit, server window 15, accept client_no_context_takeover, ask for
        // server_no_context_takeover without context takeover.
        return new WebSocketClientExtensionHandler(
                new PerMessageDeflateClientExtensionHandshaker(LEVEL, false, 15, true, this == NO_CONTEXT_TAKEOVER));
    }

    /** A JSON-like text of exactly {@code size} bytes (ASCII), the same every time. */
    static String message(int size) {
        StringBuilder b = new StringBuilder(size + 100);
        for (int i = 0; b.length() < size; i++) {
            b.append("{\"id\":")
                    .append(i)
                    .append(",\"user\":\"user-")
                    .append((i * 7919) % 1000)
                    .append("\",\"price\":")
                    .append((i * 31) % 997)
                    .append('.')
                    .append(i % 100)
                    .append(",\"tags\":[\"tea\",\"green\"]},");
        }
        b.setLength(size);
        return b.toString();
    }
}
