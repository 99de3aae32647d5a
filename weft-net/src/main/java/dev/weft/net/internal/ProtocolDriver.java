package dev.weft.net.internal;

import dev.weft.net.ConnectionStatus;
import dev.weft.net.protocol.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Drives a Workerman-style {@link Protocol}: text, frame, tcp and user-supplied ones. */
final class ProtocolDriver<I, O> extends Driver {
    private final Protocol<I, O> protocol;
    private volatile boolean handling;

    ProtocolDriver(Protocol<I, O> protocol) {
        this.protocol = protocol;
    }

    @Override
    void onBytes(TcpConnection c, ByteBuffer in) {
        // Stop at pauseRecv(), as Workerman does: what is left stays buffered until resumeRecv().
        while (in.hasRemaining() && c.status() == ConnectionStatus.ESTABLISHED && !c.isPaused()) {
            I message = protocol.next(in);
            if (message == null) {
                return;
            }
            handling = true;
            try {
                if (!c.dispatch(message)) {
                    return;
                }
            } finally {
                handling = false;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    boolean send(TcpConnection c, Object message) {
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
        return c.sendBytes(bytes);
    }

    @Override
    boolean idle() {
        return !handling;
    }
}
