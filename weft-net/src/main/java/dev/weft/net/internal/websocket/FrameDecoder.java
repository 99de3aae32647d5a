package dev.weft.net.internal.websocket;

import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.CloseCodes;
import java.nio.ByteBuffer;

/**
 * Decodes WebSocket frames sent by a client (RFC 6455 section 5), incrementally: {@link
 * #decode(ByteBuffer)} consumes what it can and returns a frame, or {@code null} when it needs
 * more bytes. One decoder per connection; not thread-safe.
 *
 * <p>The header is checked byte by byte as it arrives, and a frame is rejected before its payload
 * is allocated: {@link ProtocolException} with close code 1002 for RSV bits (RSV1 is allowed once
 * permessage-deflate is negotiated, {@link #allowCompression()}, but only on the first frame of a
 * data message: never on a control or continuation frame), a reserved opcode, a fragmented control frame or one over 125 bytes, an unmasked
 * frame (clients must mask), or a 64-bit length with its most significant bit set; 1009 for a
 * payload over the size limit. Non-minimal length encodings are accepted. The payload is unmasked
 * while it is copied.
 */
public final class FrameDecoder {
    /** The default largest payload of one frame: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 1 << 20;

    private static final byte[] EMPTY = new byte[0];

    private final int maxFrameSize;
    private final byte[] mask = new byte[4];

    /** Set while a frame's payload is being copied; its header has been consumed. */
    private boolean inPayload;

    /** RSV1 means "compressed": permessage-deflate was negotiated. */
    private boolean rsv1Allowed;

    private boolean fin;
    private boolean rsv1;
    private Opcode opcode;
    private byte[] payload;
    private int filled;

    /** Creates a decoder with {@link #DEFAULT_MAX_FRAME_SIZE}. */
    public FrameDecoder() {
        this(DEFAULT_MAX_FRAME_SIZE);
    }

    /**
     * Creates a decoder.
     *
     * @param maxFrameSize the largest payload accepted in one frame; at least 125
     */
    public FrameDecoder(int maxFrameSize) {
        if (maxFrameSize < 125) {
            throw new IllegalArgumentException("maxFrameSize below 125: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    /** Accepts RSV1 on the first frame of a data message from now on: permessage-deflate is on. */
    public void allowCompression() {
        rsv1Allowed = true;
    }

    /**
     * Consumes bytes and returns the frame they complete.
     *
     * @param in the received bytes; its position advances past what was consumed
     * @return the frame, or {@code null} if more bytes are needed
     * @throws ProtocolException with close code 1002 or 1009, see the class description
     */
    public Frame decode(ByteBuffer in) {
        return decode(in, maxFrameSize);
    }

    /**
     * Like {@link #decode(ByteBuffer)}, with a tighter limit for the payload of a data frame (text,
     * binary, continuation), such as what is left of a message's size budget.
     *
     * @param in the received bytes; its position advances past what was consumed
     * @param maxDataPayload the largest data frame payload accepted now (capped at the decoder's
     *     frame limit, or for a compressed frame at {@link MessageInflater#compressedLimit} of it)
     * @return the frame, or {@code null} if more bytes are needed
     * @throws ProtocolException with close code 1002 or 1009
     */
    public Frame decode(ByteBuffer in, long maxDataPayload) {
        if (!inPayload && !readHeader(in, maxDataPayload)) {
            return null;
        }
        int n = Math.min(payload.length - filled, in.remaining());
        int pos = in.position();
        for (int i = 0; i < n; i++) {
            payload[filled + i] = (byte) (in.get(pos + i) ^ mask[(filled + i) & 3]);
        }
        in.position(pos + n);
        filled += n;
        if (filled < payload.length) {
            return null;
        }
        inPayload = false;
        Frame frame = new Frame(fin, opcode, payload, rsv1);
        payload = null;
        return frame;
    }

    /** Validates and consumes a whole header, or consumes nothing and returns false. */
    private boolean readHeader(ByteBuffer in, long dataLimit) {
        int available = in.remaining();
        if (available < 1) {
            return false;
        }
        int pos = in.position();
        int b0 = in.get(pos) & 0xFF;
        if ((b0 & 0x30) != 0 || ((b0 & 0x40) != 0 && !rsv1Allowed)) {
            throw protocolError("RSV bits set without a negotiated extension");
        }
        Opcode op = Opcode.of(b0 & 0x0F);
        if (op == null) {
            throw protocolError("reserved opcode " + (b0 & 0x0F));
        }
        boolean compressed = (b0 & 0x40) != 0;
        if (compressed && (op.isControl() || op == Opcode.CONTINUATION)) {
            throw protocolError("RSV1 on a " + (op.isControl() ? "control" : "continuation") + " frame");
        }
        boolean finalFragment = (b0 & 0x80) != 0;
        if (op.isControl() && !finalFragment) {
            throw protocolError("fragmented control frame");
        }
        if (available < 2) {
            return false;
        }
        int b1 = in.get(pos + 1) & 0xFF;
        if ((b1 & 0x80) == 0) {
            throw protocolError("unmasked client frame");
        }
        int length7 = b1 & 0x7F;
        if (op.isControl() && length7 > 125) {
            throw protocolError("control frame payload over 125 bytes");
        }
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        if (available < 2 + extended) {
            return false;
        }
        long length = length7;
        if (extended > 0) {
            // Big-endian whatever the buffer's byte order; a set top bit turns the long negative.
            length = 0;
            for (int i = 0; i < extended; i++) {
                length = (length << 8) | (in.get(pos + 2 + i) & 0xFF);
            }
            if (length < 0) {
                throw protocolError("64-bit payload length with the most significant bit set");
            }
        }
        // Compressed data that did not compress is a little longer than the message it carries.
        long frameLimit = compressed ? MessageInflater.compressedLimit(maxFrameSize) : maxFrameSize;
        long limit = op.isControl() ? 125 : Math.min(dataLimit, frameLimit);
        if (length > limit) {
            throw new ProtocolException(
                    CloseCodes.MESSAGE_TOO_BIG, "payload of " + length + " bytes exceeds the limit of " + limit);
        }
        int headerLength = 2 + extended + 4;
        if (available < headerLength) {
            return false;
        }
        in.get(pos + 2 + extended, mask);
        in.position(pos + headerLength);
        fin = finalFragment;
        rsv1 = compressed;
        opcode = op;
        payload = length == 0 ? EMPTY : new byte[(int) length];
        filled = 0;
        inPayload = true;
        return true;
    }

    private static ProtocolException protocolError(String message) {
        return new ProtocolException(CloseCodes.PROTOCOL_ERROR, message);
    }
}
