package dev.weft.net.internal.websocket;

import dev.weft.net.websocket.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes frames sent by the server (RFC 6455 section 5.2): never masked, RSV bits clear but for
 * RSV1 on a compressed message ({@link MessageDeflater}). Each method returns a new buffer ready to
 * be written; {@link #writeHeader} lets a connection write a header in front of a payload it
 * already holds instead.
 */
public final class FrameEncoder {
    private FrameEncoder() {}

    /**
     * Encodes one unfragmented text message.
     *
     * @param text the message
     * @return the frame bytes
     */
    public static ByteBuffer text(String text) {
        return frame(Opcode.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Encodes one unfragmented binary message.
     *
     * @param data the message
     * @return the frame bytes
     */
    public static ByteBuffer binary(byte[] data) {
        return frame(Opcode.BINARY, true, data);
    }

    /**
     * Encodes a ping.
     *
     * @param payload at most 125 bytes, echoed back in the pong
     * @return the frame bytes
     */
    public static ByteBuffer ping(byte[] payload) {
        return frame(Opcode.PING, true, payload);
    }

    /**
     * Encodes a pong.
     *
     * @param payload at most 125 bytes: the payload of the ping it answers
     * @return the frame bytes
     */
    public static ByteBuffer pong(byte[] payload) {
        return frame(Opcode.PONG, true, payload);
    }

    /**
     * Encodes a close frame with a status code and a reason.
     *
     * @param code a sendable close code ({@link CloseCodes#isSendable})
     * @param reason UTF-8 text of at most 123 bytes, possibly empty
     * @return the frame bytes
     * @throws IllegalArgumentException for a reserved code or a too long reason
     */
    public static ByteBuffer close(int code, String reason) {
        if (!CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException("close code may not be sent: " + code);
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > 123) {
            throw new IllegalArgumentException("close reason over 123 bytes");
        }
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(Opcode.CLOSE, true, payload);
    }

    /**
     * Encodes a close frame without a status code (an empty payload), the answer to a close frame
     * that had none.
     *
     * @return the frame bytes
     */
    public static ByteBuffer emptyClose() {
        return frame(Opcode.CLOSE, true, new byte[0]);
    }

    /**
     * Encodes one frame.
     *
     * @param opcode the opcode
     * @param fin false for all but the last fragment of a message
     * @param payload the payload; at most 125 bytes for control frames
     * @return the frame bytes
     * @throws IllegalArgumentException for an oversized or fragmented control frame
     */
    public static ByteBuffer frame(Opcode opcode, boolean fin, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(headerLength(payload.length) + payload.length);
        writeHeader(out, opcode, fin, payload.length);
        return out.put(payload).flip();
    }

    /**
     * Returns the header size for a payload length: 2, 4 or 10 bytes.
     *
     * @param payloadLength the payload length
     * @return the header length in bytes
     */
    public static int headerLength(long payloadLength) {
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /**
     * Writes a frame header, with the shortest length encoding, at {@code out}'s position.
     *
     * @param out where to write; needs {@link #headerLength} bytes of room
     * @param opcode the opcode
     * @param fin false for all but the last fragment of a message
     * @param payloadLength the length of the payload that will follow
     * @throws IllegalArgumentException for an oversized or fragmented control frame, or a negative
     *     length
     */
    public static void writeHeader(ByteBuffer out, Opcode opcode, boolean fin, long payloadLength) {
        writeHeader(out, opcode, fin, false, payloadLength);
    }

    /**
     * Writes a frame header as {@link #writeHeader(ByteBuffer, Opcode, boolean, long)} does, with
     * RSV1 set for the first frame of a message compressed by permessage-deflate (RFC 7692).
     *
     * @param out where to write; needs {@link #headerLength} bytes of room
     * @param opcode the opcode
     * @param fin false for all but the last fragment of a message
     * @param rsv1 whether the message is compressed; only on a text or binary frame
     * @param payloadLength the length of the payload that will follow
     * @throws IllegalArgumentException for an oversized or fragmented control frame, a compressed
     *     control or continuation frame, or a negative length
     */
    public static void writeHeader(ByteBuffer out, Opcode opcode, boolean fin, boolean rsv1, long payloadLength) {
        if (rsv1 && (opcode.isControl() || opcode == Opcode.CONTINUATION)) {
            throw new IllegalArgumentException("only the first frame of a data message may be compressed");
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length");
        }
        if (opcode.isControl() && (payloadLength > 125 || !fin)) {
            throw new IllegalArgumentException("control frames are unfragmented with at most 125 bytes");
        }
        out.put((byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.code()));
        if (payloadLength <= 125) {
            out.put((byte) payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            out.put((byte) 126).put((byte) (payloadLength >>> 8)).put((byte) payloadLength);
        } else {
            out.put((byte) 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.put((byte) (payloadLength >>> shift));
            }
        }
    }
}
