package dev.weft.net.internal.protocol;

import dev.weft.net.protocol.Protocol;
import java.nio.ByteBuffer;

/**
 * Plain TCP: no framing at all, like Workerman's default {@code tcp} transport. Every call to
 * {@link #input(ByteBuffer)} takes whatever bytes have arrived as one packet, so packet
 * boundaries follow the network's reads and carry no meaning.
 */
public final class RawProtocol implements Protocol<byte[], byte[]> {

    /** Creates the raw protocol; it has no settings and no state. */
    public RawProtocol() {}

    @Override
    public int input(ByteBuffer buffer) {
        return buffer.remaining();
    }

    @Override
    public byte[] decode(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.get(bytes);
        return bytes;
    }

    @Override
    public ByteBuffer encode(byte[] message) {
        return ByteBuffer.wrap(message);
    }
}
