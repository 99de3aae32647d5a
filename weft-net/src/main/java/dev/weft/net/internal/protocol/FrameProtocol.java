package dev.weft.net.internal.protocol;

import dev.weft.net.protocol.Protocol;
import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Length-prefixed binary frames: a 4-byte big-endian unsigned length, then that many payload
 * bytes.
 *
 * <p>The prefix counts <em>the payload only</em>, not the 4 prefix bytes themselves. (Workerman's
 * {@code Frame} protocol counts the whole packet; here an empty payload is simply a zero prefix,
 * and there is no invalid prefix below 4 to special-case.) A prefix larger than {@code
 * maxPackageSize} is rejected as soon as the 4 prefix bytes arrive, before anything is allocated,
 * so a hostile 2 GiB prefix costs nothing.
 */
public final class FrameProtocol implements Protocol<byte[], byte[]> {
    /** The default maximum payload size: 10 MiB. */
    public static final int DEFAULT_MAX_PACKAGE_SIZE = 10 * 1024 * 1024;

    /** Size of the length prefix in bytes. */
    public static final int HEADER_LENGTH = 4;

    private final int maxPackageSize;

    /** Creates a frame protocol with the default maximum payload size. */
    public FrameProtocol() {
        this(DEFAULT_MAX_PACKAGE_SIZE);
    }

    /**
     * Creates a frame protocol.
     *
     * @param maxPackageSize the largest payload accepted, between 0 and {@code Integer.MAX_VALUE -
     *     4}
     */
    public FrameProtocol(int maxPackageSize) {
        if (maxPackageSize < 0 || maxPackageSize > Integer.MAX_VALUE - HEADER_LENGTH) {
            throw new IllegalArgumentException("maxPackageSize out of range: " + maxPackageSize);
        }
        this.maxPackageSize = maxPackageSize;
    }

    /**
     * {@inheritDoc}
     *
     * @throws ProtocolException if the length prefix exceeds the maximum payload size
     */
    @Override
    public int input(ByteBuffer buffer) {
        if (buffer.remaining() < HEADER_LENGTH) {
            return 0;
        }
        long length = payloadLength(buffer, buffer.position());
        if (length > maxPackageSize) {
            throw new ProtocolException(
                    "frame payload of " + length + " bytes exceeds the maximum of " + maxPackageSize);
        }
        int total = HEADER_LENGTH + (int) length;
        return buffer.remaining() >= total ? total : 0;
    }

    @Override
    public byte[] decode(ByteBuffer packet) {
        if (packet.remaining() < HEADER_LENGTH
                || payloadLength(packet, packet.position()) != packet.remaining() - HEADER_LENGTH) {
            throw new ProtocolException("frame length prefix does not match the packet");
        }
        byte[] payload = new byte[packet.remaining() - HEADER_LENGTH];
        packet.position(packet.position() + HEADER_LENGTH).get(payload);
        return payload;
    }

    @Override
    public ByteBuffer encode(byte[] message) {
        if (message.length > maxPackageSize) {
            throw new IllegalArgumentException(
                    "payload of " + message.length + " bytes exceeds the maximum of " + maxPackageSize);
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + message.length);
        out.putInt(message.length).put(message);
        return out.flip();
    }

    private static long payloadLength(ByteBuffer buffer, int at) {
        // Read big-endian whatever the buffer's byte order, as an unsigned 32-bit value.
        return ((buffer.get(at) & 0xFFL) << 24)
                | ((buffer.get(at + 1) & 0xFFL) << 16)
                | ((buffer.get(at + 2) & 0xFFL) << 8)
                | (buffer.get(at + 3) & 0xFFL);
    }
}
