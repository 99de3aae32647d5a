package dev.weft.net.internal;

import dev.weft.net.protocol.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Drives a Workerman-style {@link Protocol}: text, frame, tcp and user-supplied ones. With an
 * {@code idle} time limit ({@link dev.weft.net.TimeLimits#idle()}), a connection silent for that long
 * is closed quietly.
 */
final class ProtocolDriver<I, O> extends Driver {
    private final Protocol<I, O> protocol;
    private final long idleNanos;
    private volatile boolean handling;

    ProtocolDriver(Protocol<I, O> protocol, DriverContext ctx, long idleNanos) {
        super(ctx);
        this.protocol = protocol;
        this.idleNanos = idleNanos;
    }

    @Override
    long waitDeadline(long now) {
        return idleNanos > 0 ? now + idleNanos : 0;
    }

    @Override
    boolean onWaitDeadline() {
        NetCounters.countTimeout();
        return super.onWaitDeadline();
    }

    @Override
    void onBytes(ByteBuffer in) {
        // Stop at pauseRecv(), as Workerman does: what is left stays buffered until resumeRecv().
        while (in.hasRemaining() && ctx.receiving()) {
            I message = protocol.next(in);
            if (message == null) {
                return;
            }
            handling = true;
            try {
                if (!ctx.fireMessage(message)) {
                    return;
                }
            } finally {
                handling = false;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    boolean send(Object message) {
        ByteBuffer bytes;
        if (message instanceof ByteBuffer b && !(protocol instanceof dev.weft.net.internal.protocol.TextProtocol)) {
            bytes = b;
        } else if (message instanceof String s && protocol instanceof dev.weft.net.internal.protocol.RawProtocol) {
            bytes = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        } else if (message instanceof String s && protocol instanceof dev.weft.net.internal.protocol.FrameProtocol) {
            bytes = protocol.encode((O) s.getBytes(StandardCharsets.UTF_8));
        } else {
            bytes = protocol.encode((O) message);
        }
        return ctx.write(bytes);
    }

    @Override
    boolean idle() {
        return !handling;
    }
}
