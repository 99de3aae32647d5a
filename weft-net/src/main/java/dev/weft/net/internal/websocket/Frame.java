package dev.weft.net.internal.websocket;

/**
 * One decoded WebSocket frame, payload already unmasked.
 *
 * @param fin whether this is the final fragment of its message (always true for control frames)
 * @param opcode the frame's opcode
 * @param payload the application data; do not modify
 */
public record Frame(boolean fin, Opcode opcode, byte[] payload) {}
