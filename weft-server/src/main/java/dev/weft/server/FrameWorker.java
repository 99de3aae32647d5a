package dev.weft.server;

import dev.weft.net.BinaryConnection;
import dev.weft.net.Connection;
import dev.weft.net.TypedMessageHandler;
import java.util.Objects;

/**
 * A {@code frame://} or {@code frame+unix://} Worker with typed handlers ({@link Worker#frame}): each
 * message is the payload of one length-prefixed frame, a {@code byte[]}, answered through a {@link
 * BinaryConnection} (each send is one frame).
 *
 * <pre>{@code
 * Worker.frame("frame://0.0.0.0:9000").onFrame((c, payload) -> c.send(payload));
 * }</pre>
 */
public final class FrameWorker extends TypedWorker<BinaryConnection, FrameWorker> {
    FrameWorker(Worker worker) {
        super(worker);
    }

    /** Sets the handler of each frame (replacing any {@code onMessage}). */
    public FrameWorker onFrame(TypedMessageHandler<BinaryConnection, byte[]> handler) {
        Objects.requireNonNull(handler);
        worker().onMessage((Connection c, byte[] payload) -> handler.onMessage((BinaryConnection) c, payload));
        return this;
    }

    @Override
    FrameWorker self() {
        return this;
    }

    @Override
    BinaryConnection view(Connection c) {
        return (BinaryConnection) c;
    }
}
