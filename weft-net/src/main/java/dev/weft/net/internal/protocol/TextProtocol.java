package dev.weft.net.internal.protocol;

import dev.weft.net.protocol.Protocol;
import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Newline-delimited UTF-8 text, like Workerman's {@code Text} protocol: each packet is a line
 * ending in {@code "\n"}. Decoding strips the {@code "\n"} and one {@code "\r"} right before it;
 * encoding appends {@code "\n"}. Bytes that are not valid UTF-8 decode to U+FFFD.
 *
 * <p>A packet, newline included, may be at most {@code maxPackageSize} bytes: once that many bytes
 * are buffered without a newline, {@link #input(ByteBuffer)} throws, so a peer cannot make the
 * connection buffer an endless line.
 */
public final class TextProtocol implements Protocol<String, String> {
    /** The default maximum packet size: 10 MiB. */
    public static final int DEFAULT_MAX_PACKAGE_SIZE = 10 * 1024 * 1024;

    private final int maxPackageSize;

    /** Creates a text protocol with the default maximum packet size. */
    public TextProtocol() {
        this(DEFAULT_MAX_PACKAGE_SIZE);
    }

    /**
     * Creates a text protocol.
     *
     * @param maxPackageSize the largest packet accepted, newline included; at least 1
     */
    public TextProtocol(int maxPackageSize) {
        if (maxPackageSize < 1) {
            throw new IllegalArgumentException("maxPackageSize must be at least 1: " + maxPackageSize);
        }
        this.maxPackageSize = maxPackageSize;
    }

    /**
     * {@inheritDoc}
     *
     * @throws ProtocolException if {@code maxPackageSize} bytes arrived without a newline
     */
    @Override
    public int input(ByteBuffer buffer) {
        int start = buffer.position();
        // Never look further than one packet can reach.
        int end = start + Math.min(buffer.remaining(), maxPackageSize);
        for (int i = start; i < end; i++) {
            if (buffer.get(i) == '\n') {
                return i - start + 1;
            }
        }
        if (buffer.remaining() >= maxPackageSize) {
            throw new ProtocolException(
                    "text line longer than the maximum package size of " + maxPackageSize + " bytes");
        }
        return 0;
    }

    @Override
    public String decode(ByteBuffer packet) {
        int length = packet.remaining();
        int end = packet.position() + length;
        if (length > 0 && packet.get(end - 1) == '\n') {
            length--;
            if (length > 0 && packet.get(end - 2) == '\r') {
                length--;
            }
        }
        byte[] bytes = new byte[length];
        packet.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public ByteBuffer encode(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(text.length + 1);
        out.put(text).put((byte) '\n');
        return out.flip();
    }
}
