package dev.weft.server;

import dev.weft.net.Connection;
import dev.weft.net.TypedMessageHandler;
import dev.weft.net.WebSocketConnection;
import java.util.Objects;

/**
 * A {@code websocket://} ({@code ws://}), {@code wss://} or {@code websocket+unix://} Worker with typed
 * handlers ({@link Worker#websocket}): text messages are {@code String}s ({@link #onText}), binary
 * ones {@code byte[]} ({@link #onBinary}), sent back through a {@link WebSocketConnection}. A message
 * of a kind without a handler closes its connection with 1003 (unsupported data), as RFC 6455 says.
 *
 * <pre>{@code
 * Worker.websocket("websocket://0.0.0.0:8081").onText((c, text) -> c.send(text)).onBinary((c, b) -> c.send(b));
 * }</pre>
 */
public final class WebSocketWorker extends TypedWorker<WebSocketConnection, WebSocketWorker> {
    WebSocketWorker(Worker worker) {
        super(worker);
    }

    /** Sets the handler of text messages (replacing any {@code onMessage}). */
    public WebSocketWorker onText(TypedMessageHandler<WebSocketConnection, String> handler) {
        Objects.requireNonNull(handler);
        // Declared with String: a binary message without onBinary is refused by type, and closes with 1003.
        worker().onMessage((Connection c, String text) -> handler.onMessage((WebSocketConnection) c, text));
        return this;
    }

    /** Sets the handler of binary messages. */
    public WebSocketWorker onBinary(TypedMessageHandler<WebSocketConnection, byte[]> handler) {
        Objects.requireNonNull(handler);
        worker().onBinary((c, data) -> handler.onMessage((WebSocketConnection) c, data));
        return this;
    }

    @Override
    WebSocketWorker self() {
        return this;
    }

    @Override
    WebSocketConnection view(Connection c) {
        return (WebSocketConnection) c;
    }
}
