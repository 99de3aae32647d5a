package dev.weft.net.internal.websocket;

import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.CloseCodes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns decoded frames into {@link WebSocketEvent}s (RFC 6455 sections 5.4 to 5.7): joins the
 * fragments of a message, passes control frames through even between fragments, checks text as
 * UTF-8 fragment by fragment, and checks close frames. Not thread-safe.
 *
 * <p>Errors are {@link ProtocolException}s carrying the close code to send: 1002 for a
 * continuation without a message in progress, a new message while one is in progress, a close
 * payload of one byte or a close code that may not be sent; 1007 for text or a close reason that
 * is not UTF-8 (including a code point cut off at the message's end); 1009 for a message over the
 * size limit.
 *
 * <p>With permessage-deflate ({@link #inflateWith}), a message whose first frame has RSV1 set is
 * inflated fragment by fragment as it arrives ({@link MessageInflater}); the size limit applies to
 * the inflated message (1009 as soon as it is passed), text is checked as it inflates, and data that
 * does not inflate fails with 1007. Its compressed frames together may be a little larger than
 * the limit ({@link MessageInflater#compressedLimit}), for data that does not compress.
 */
public final class MessageAssembler {
    /** The default largest message: 16 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L << 20;

    private final long maxMessageSize;
    private final Utf8Validator utf8 = new Utf8Validator();

    /** The opcode of the fragmented message in progress, or {@code null} between messages. */
    private Opcode messageType;

    private byte[] buffer = new byte[0];
    private int size;

    /** Inflates compressed messages; null until permessage-deflate is negotiated. */
    private MessageInflater inflater;

    /** Whether the message in progress is compressed, and its compressed bytes so far. */
    private boolean compressed;

    private long compressedSize;

    /** Creates an assembler with {@link #DEFAULT_MAX_MESSAGE_SIZE}. */
    public MessageAssembler() {
        this(DEFAULT_MAX_MESSAGE_SIZE);
    }

    /**
     * Creates an assembler.
     *
     * @param maxMessageSize the largest message accepted, all fragments together; at most 2 GiB
     */
    public MessageAssembler(long maxMessageSize) {
        if (maxMessageSize < 0 || maxMessageSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxMessageSize out of range: " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Inflates messages sent compressed from now on: permessage-deflate was negotiated.
     *
     * @param contextTakeover whether the client keeps its compression window between messages
     */
    public void inflateWith(boolean contextTakeover) {
        inflater = new MessageInflater(contextTakeover, maxMessageSize);
    }

    /** Frees the decompressor, if any: the connection is closing. */
    public void release() {
        if (inflater != null) {
            inflater.release();
        }
    }

    /**
     * Returns how many more payload bytes the message in progress may take: what a decoder may
     * accept in the next data frame. For a compressed message this counts compressed bytes, with
     * 1/64 of slack for data that does not compress.
     *
     * @return the remaining message budget in bytes
     */
    public long remainingMessageBudget() {
        if (compressed) {
            return MessageInflater.compressedLimit(maxMessageSize) - compressedSize;
        }
        if (messageType == null && inflater != null) {
            return MessageInflater.compressedLimit(maxMessageSize); // The next message may be compressed.
        }
        return maxMessageSize - size;
    }

    /**
     * Takes one frame.
     *
     * @param frame the next frame from the client
     * @return the event it completes, or {@code null} for a fragment that does not end a message
     * @throws ProtocolException with the close code to send, see the class description
     */
    public WebSocketEvent accept(Frame frame) {
        byte[] payload = frame.payload();
        return switch (frame.opcode()) {
            case PING -> new WebSocketEvent.Ping(payload);
            case PONG -> new WebSocketEvent.Pong(payload);
            case CLOSE -> close(payload);
            case TEXT, BINARY -> start(frame);
            case CONTINUATION -> {
                if (messageType == null) {
                    throw new ProtocolException(
                            CloseCodes.PROTOCOL_ERROR, "continuation frame without a message to continue");
                }
                if (compressed) {
                    inflate(payload);
                } else {
                    append(payload);
                }
                yield frame.fin() ? finish() : null;
            }
        };
    }

    private WebSocketEvent start(Frame frame) {
        if (messageType != null) {
            throw new ProtocolException(
                    CloseCodes.PROTOCOL_ERROR, "new message while a fragmented message is in progress");
        }
        byte[] payload = frame.payload();
        utf8.reset();
        if (frame.compressed()) {
            if (inflater == null) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "compressed message without permessage-deflate");
            }
            messageType = frame.opcode();
            compressed = true;
            compressedSize = 0;
            inflater.begin();
            inflate(payload);
            return frame.fin() ? finish() : null;
        }
        checkSize(payload.length);
        if (frame.fin()) {
            // Unfragmented, the common case: the frame's payload is the message, no copy.
            return message(frame.opcode(), payload);
        }
        messageType = frame.opcode();
        size = 0;
        append(payload);
        return null;
    }

    /** Adds a fragment; text is validated now, so a bad fragment fails before the message ends. */
    private void append(byte[] payload) {
        checkSize(payload.length);
        if (messageType == Opcode.TEXT && !utf8.feed(payload, 0, payload.length)) {
            throw invalidUtf8("text message");
        }
        if (size + payload.length > buffer.length) {
            long grown = Math.max(buffer.length * 2L, (long) size + payload.length);
            buffer = Arrays.copyOf(buffer, (int) Math.min(maxMessageSize, grown));
        }
        System.arraycopy(payload, 0, buffer, size, payload.length);
        size += payload.length;
    }

    /** Inflates a fragment of a compressed message; text is validated as it inflates. */
    private void inflate(byte[] payload) {
        compressedSize += payload.length;
        validateInflated(inflater.feed(payload));
    }

    private void validateInflated(int added) {
        if (messageType == Opcode.TEXT && !utf8.feed(inflater.output(), inflater.size() - added, added)) {
            throw invalidUtf8("text message");
        }
    }

    private WebSocketEvent finish() {
        if (compressed) {
            return finishCompressed();
        }
        Opcode type = messageType;
        byte[] whole = Arrays.copyOf(buffer, size);
        messageType = null;
        size = 0;
        if (buffer.length > 64 * 1024) {
            buffer = new byte[0]; // Do not pin a large buffer on an idle connection.
        }
        if (type == Opcode.TEXT && !utf8.complete()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 code point");
        }
        return type == Opcode.TEXT
                ? new WebSocketEvent.Text(new String(whole, StandardCharsets.UTF_8))
                : new WebSocketEvent.Binary(whole);
    }

    private WebSocketEvent finishCompressed() {
        validateInflated(inflater.end());
        Opcode type = messageType;
        byte[] whole = inflater.take();
        messageType = null;
        compressed = false;
        if (type == Opcode.TEXT && !utf8.complete()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message ends inside a UTF-8 code point");
        }
        return type == Opcode.TEXT
                ? new WebSocketEvent.Text(new String(whole, StandardCharsets.UTF_8))
                : new WebSocketEvent.Binary(whole);
    }

    private WebSocketEvent message(Opcode type, byte[] payload) {
        if (type == Opcode.BINARY) {
            return new WebSocketEvent.Binary(payload);
        }
        if (!utf8.feed(payload, 0, payload.length) || !utf8.complete()) {
            throw invalidUtf8("text message");
        }
        return new WebSocketEvent.Text(new String(payload, StandardCharsets.UTF_8));
    }

    private WebSocketEvent close(byte[] payload) {
        if (payload.length == 0) {
            return new WebSocketEvent.Close(CloseCodes.NO_STATUS, "");
        }
        if (payload.length == 1) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!CloseCodes.isSendable(code)) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "invalid close code " + code);
        }
        Utf8Validator reason = new Utf8Validator();
        if (!reason.feed(payload, 2, payload.length - 2) || !reason.complete()) {
            throw invalidUtf8("close reason");
        }
        String text = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        return new WebSocketEvent.Close(code, text);
    }

    private void checkSize(int more) {
        if (more > maxMessageSize - size) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "message over " + maxMessageSize + " bytes");
        }
    }

    private static ProtocolException invalidUtf8(String what) {
        return new ProtocolException(CloseCodes.INVALID_PAYLOAD, what + " is not valid UTF-8");
    }
}
