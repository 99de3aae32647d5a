package dev.weft.server;

import dev.weft.net.BinaryConnection;
import dev.weft.net.Connection;
import dev.weft.net.TypedMessageHandler;
import java.util.Objects;

/**
 * A {@code tcp://} or {@code tcp+unix://} Worker with typed handlers ({@link Worker#tcp}): each message
 * is the bytes one read returned, a {@code byte[]} (TCP keeps no message boundaries: frame them
 * yourself, or use {@code frame://} or {@code text://}), answered through a {@link BinaryConnection}.
 *
 * <pre>{@code
 * Worker.tcp("tcp://0.0.0.0:9001").onData((c, bytes) -> c.send(bytes));
 * }</pre>
 */
public final class TcpWorker extends TypedWorker<BinaryConnection, TcpWorker> {
    TcpWorker(Worker worker) {
        super(worker);
    }

    /** Sets the handler of the bytes of each read (replacing any {@code onMessage}). */
    public TcpWorker onData(TypedMessageHandler<BinaryConnection, byte[]> handler) {
        Objects.requireNonNull(handler);
        worker().onMessage((Connection c, byte[] data) -> handler.onMessage((BinaryConnection) c, data));
        return this;
    }

    @Override
    TcpWorker self() {
        return this;
    }

    @Override
    BinaryConnection view(Connection c) {
        return (BinaryConnection) c;
    }
}
