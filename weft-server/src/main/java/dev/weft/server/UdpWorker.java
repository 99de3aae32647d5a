package dev.weft.server;

import dev.weft.net.BinaryConnection;
import dev.weft.net.Connection;
import dev.weft.net.TypedMessageHandler;
import java.util.Objects;

/**
 * A {@code udp://} Worker with typed handlers ({@link Worker#udp}): each message is one datagram, a
 * {@code byte[]}, answered through a {@link BinaryConnection} whose sends are datagrams to the sender.
 * The handler runs in the listener's receive loop, one datagram at a time. Set no {@link
 * Worker#protocol} on it: a protocol changes the message type.
 *
 * <pre>{@code
 * Worker.udp("udp://0.0.0.0:9002").onDatagram((c, datagram) -> c.send(datagram));
 * }</pre>
 */
public final class UdpWorker extends TypedWorker<BinaryConnection, UdpWorker> {
    UdpWorker(Worker worker) {
        super(worker);
    }

    /** Sets the handler of each datagram (replacing any {@code onMessage}). */
    public UdpWorker onDatagram(TypedMessageHandler<BinaryConnection, byte[]> handler) {
        Objects.requireNonNull(handler);
        worker().onMessage((Connection c, byte[] datagram) -> handler.onMessage((BinaryConnection) c, datagram));
        return this;
    }

    @Override
    UdpWorker self() {
        return this;
    }

    @Override
    BinaryConnection view(Connection c) {
        return (BinaryConnection) c;
    }
}
