package dev.weft.net.internal.websocket;

/**
 * One decoded WebSocket frame, payload already unmasked.
 *
 * @param fin whether this is the final fragment of its message (always true for control frames)
 * @param opcode the frame's opcode
 * @param payload the application data; do not modify
 * @param compressed RSV1: the first frame of a message compressed by permessage-deflate (only ever
 *     set once the extension was negotiated)
 */
public record Frame(boolean fin, Opcode opcode, byte[] payload, boolean compressed) {
    /**
     * An uncompressed frame.
     *
     * @param fin whether this is the final fragment
     * @param opcode the opcode
     * @param payload the application data
     */
    public Frame(boolean fin, Opcode opcode, byte[] payload) {
        this(fin, opcode, payload, false);
    }
}
