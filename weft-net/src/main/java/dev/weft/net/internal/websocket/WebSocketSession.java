package dev.weft.net.internal.websocket;

import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.CloseCodes;
import java.nio.ByteBuffer;

/**
 * The receiving side of one server WebSocket connection: a {@link FrameDecoder} and a {@link
 * MessageAssembler} together. Feed it the receive buffer; it returns the next {@link
 * WebSocketEvent}, or {@code null} when it needs more bytes. Not thread-safe.
 *
 * <p>The connection's loop: a {@link WebSocketEvent.Ping} is answered with its {@code reply()};
 * a {@link WebSocketEvent.Close} with its {@code reply()} (unless the server sent a close first)
 * and then the TCP connection closes; after a close this session consumes nothing more. On a
 * {@link ProtocolException} the connection sends {@link #closeFrameFor(ProtocolException)} and
 * closes.
 */
public final class WebSocketSession {
    private final FrameDecoder decoder;
    private final MessageAssembler assembler;
    private boolean closeReceived;

    /** Creates a session with the default frame and message limits. */
    public WebSocketSession() {
        this(FrameDecoder.DEFAULT_MAX_FRAME_SIZE, MessageAssembler.DEFAULT_MAX_MESSAGE_SIZE);
    }

    /**
     * Creates a session.
     *
     * @param maxFrameSize the largest frame payload accepted
     * @param maxMessageSize the largest message accepted, all fragments together
     */
    public WebSocketSession(int maxFrameSize, long maxMessageSize) {
        this.decoder = new FrameDecoder(maxFrameSize);
        this.assembler = new MessageAssembler(maxMessageSize);
    }

    /**
     * Turns permessage-deflate on for the frames from now on, as the handshake negotiated it:
     * RSV1 marks a compressed message, inflated before it becomes an event.
     *
     * @param params the negotiated configuration
     */
    public void inflate(DeflateParams params) {
        decoder.allowCompression();
        assembler.inflateWith(!params.clientNoContextTakeover());
    }

    /** Frees what the session holds outside the heap (a decompressor); the connection is closing. */
    public void release() {
        assembler.release();
    }

    /**
     * Consumes bytes and returns the next event.
     *
     * @param in the received bytes; its position advances past what was consumed
     * @return the event, or {@code null} if more bytes are needed or a close was already received
     * @throws ProtocolException with the close code to send
     */
    public WebSocketEvent next(ByteBuffer in) {
        while (!closeReceived) {
            // The message budget bounds the next data frame from its header, before allocation.
            Frame frame = decoder.decode(in, assembler.remainingMessageBudget());
            if (frame == null) {
                return null;
            }
            WebSocketEvent event = assembler.accept(frame);
            if (event != null) {
                closeReceived = event instanceof WebSocketEvent.Close;
                return event;
            }
        }
        return null;
    }

    /**
     * Tells whether the client's close frame has been received.
     *
     * @return true after a {@link WebSocketEvent.Close} was returned
     */
    public boolean closeReceived() {
        return closeReceived;
    }

    /**
     * Returns the close frame to send for a protocol error: its close code (1002 when it has none)
     * and its message as the reason, cut to fit a control frame.
     *
     * @param error the error that ends the connection
     * @return the close frame bytes
     */
    public static ByteBuffer closeFrameFor(ProtocolException error) {
        int code = CloseCodes.isSendable(error.code()) ? error.code() : CloseCodes.PROTOCOL_ERROR;
        String reason = error.getMessage() == null ? "" : error.getMessage();
        while (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            reason = reason.substring(0, reason.length() - 1); // A control frame holds 125 bytes.
        }
        return FrameEncoder.close(code, reason);
    }
}
