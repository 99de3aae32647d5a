package dev.weft.net.websocket;

/**
 * Whether a {@code websocket://} listener negotiates permessage-deflate (RFC 7692) with clients that
 * offer it, and whether compression state outlives a message ("context takeover").
 *
 * <p>With context takeover each side keeps its LZ77 window from one message to the next, so small
 * messages that resemble earlier ones compress far better; the price is a zlib compressor and
 * decompressor held by every connection for its lifetime: about 256 KiB plus 40 KiB of native memory
 * (the JDK's {@code Deflater} always uses a 15-bit window and memory level 8), 3 GB for 10,000
 * connections. Without it a compressor or decompressor is needed only while a message is compressed or
 * inflated, and is taken from a small shared pool: an idle connection costs nothing.
 *
 * <p>Either way the server declines an offer that limits its own window ({@code server_max_window_bits}
 * below 15), which the JDK cannot honour, and accepts the next offer if the client made several; a
 * client limiting its own window ({@code client_max_window_bits}) is accepted, as the decompressor reads
 * any window up to 15 bits. Messages under a size threshold are sent uncompressed; control frames never
 * are. A compressed message that inflates past the maximum message size closes the connection with 1009.
 */
public enum PerMessageDeflate {
    /** Not negotiated: an offer is ignored and messages travel as they are. */
    OFF,
    /**
     * The default: negotiated with {@code server_no_context_takeover} and {@code
     * client_no_context_takeover} in the answer, so neither side keeps a window between messages and
     * an idle connection holds no compression memory. Messages of at least 1 KiB are compressed, and
     * sent uncompressed when compression does not make them smaller.
     */
    NO_CONTEXT_TAKEOVER,
    /**
     * Negotiated with context takeover in each direction the client allows: the best ratio for streams
     * of small similar messages, at about 300 KiB of native memory per connection that used
     * compression (freed when it closes). Messages of at least 128 bytes are compressed.
     */
    CONTEXT_TAKEOVER
}
