package dev.weft.net.protocol;

import java.nio.ByteBuffer;

/**
 * A user-supplied application protocol over a byte stream, in the shape of Workerman's protocol
 * contract: find where the first packet ends, decode it, and encode outgoing messages.
 *
 * <p>A connection keeps one receive buffer per peer and loops: {@code n = input(buffer)}; if
 * {@code n == 0} it reads more bytes; otherwise it decodes the {@code n}-byte packet at the
 * buffer's position and advances the position by {@code n}. {@link #next(ByteBuffer)} does exactly
 * that. Implementations hold no per-connection state, so one instance serves every connection.
 *
 * @param <I> the type of a decoded inbound message
 * @param <O> the type of an outbound message
 */
public interface Protocol<I, O> {

    /**
     * Returns the length in bytes of the first complete packet starting at {@code
     * buffer.position()}, or {@code 0} if the bytes up to {@code buffer.limit()} are not yet a whole
     * packet. Never modifies the buffer's content, position or limit.
     *
     * @param buffer the received bytes, from position to limit
     * @return the packet length, or 0 when more bytes are needed
     * @throws ProtocolException if the bytes can never become a valid packet (for example a packet
     *     larger than the protocol's maximum)
     */
    int input(ByteBuffer buffer);

    /**
     * Decodes one whole packet, exactly as delimited by {@link #input(ByteBuffer)}: the packet's
     * bytes are those from {@code packet.position()} to {@code packet.limit()}.
     *
     * @param packet the packet bytes; this method may consume them
     * @return the decoded message
     * @throws ProtocolException if the packet is malformed
     */
    I decode(ByteBuffer packet);

    /**
     * Encodes one message into the bytes to send, ready to be read (position 0, limit at the end).
     *
     * @param message the message to send
     * @return a new buffer holding the encoded packet
     */
    ByteBuffer encode(O message);

    /**
     * Takes the next whole packet off the buffer and decodes it: the buffer's position moves past
     * the packet. Returns {@code null}, leaving the buffer untouched, when more bytes are needed.
     *
     * @param buffer the received bytes, from position to limit
     * @return the decoded message, or {@code null} if the packet is not complete yet
     * @throws ProtocolException if the bytes break the protocol
     */
    default I next(ByteBuffer buffer) {
        int length = input(buffer);
        if (length == 0) {
            return null;
        }
        int start = buffer.position();
        I message = decode(buffer.slice(start, length));
        buffer.position(start + length);
        return message;
    }
}
