package dev.weft.net.internal.websocket;

import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.CloseCodes;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the compressed messages of one connection (RFC 7692 section 7.2.2) within the maximum
 * message size. Each fragment's payload is inflated as it arrives, into an output buffer that grows
 * by doubling up to one byte past the limit: a message that inflates further fails with 1009 at
 * that byte, so a zip bomb costs at most the limit in memory and the work of inflating it, never
 * its claimed size. Data that does not inflate fails with 1007.
 *
 * <p>With the client's context taken over, one decompressor lives as long as the connection (its
 * window carries over between messages); without, one is taken from {@link ZlibPool} for each
 * message. {@link #release()} frees it. Only the connection's reading coroutine calls this class.
 */
final class MessageInflater {
    /** What a compressed message lacks at its end: the empty stored block of a sync flush. */
    static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    /** A buffer over this size is dropped after its message, not kept by an idle connection. */
    private static final int KEEP_BUFFER = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];

    private final boolean contextTakeover;
    private final long maxMessageSize;
    private Inflater inflater;
    private byte[] out = EMPTY;
    private int size;

    /**
     * Creates the inflater of one connection.
     *
     * @param contextTakeover whether the client keeps its window between messages
     * @param maxMessageSize the largest inflated message
     */
    MessageInflater(boolean contextTakeover, long maxMessageSize) {
        this.contextTakeover = contextTakeover;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Returns how many compressed bytes a message of at most {@code maxMessageSize} may take: 1/64
     * and 1 KiB more, since data that does not compress grows a little (zlib falls back to stored
     * blocks, 5 bytes more per 64 KiB).
     *
     * @param maxMessageSize the limit of the inflated message
     * @return the limit of its compressed payload, all fragments together
     */
    static long compressedLimit(long maxMessageSize) {
        return maxMessageSize + maxMessageSize / 64 + 1024;
    }

    /** Starts a message. */
    void begin() {
        if (inflater == null) {
            inflater = contextTakeover ? new Inflater(true) : ZlibPool.INFLATERS.take();
        }
        size = 0;
    }

    /**
     * Inflates one fragment's payload onto the message.
     *
     * @param compressed the payload
     * @return how many bytes the message grew by: {@link #output()} from {@code size() - n}
     * @throws ProtocolException 1009 past the limit, 1007 for data that does not inflate
     */
    int feed(byte[] compressed) {
        return inflate(compressed);
    }

    /**
     * Ends the message: inflates the tail the sender left out.
     *
     * @return how many bytes the message grew by
     * @throws ProtocolException as {@link #feed}
     */
    int end() {
        return inflate(TAIL);
    }

    /**
     * Returns the inflated message and readies for the next one; without context takeover the
     * decompressor goes back to the pool.
     *
     * @return a copy of the message's bytes
     */
    byte[] take() {
        byte[] message = Arrays.copyOf(out, size);
        size = 0;
        if (out.length > KEEP_BUFFER) {
            out = EMPTY;
        }
        if (!contextTakeover) {
            ZlibPool.INFLATERS.give(inflater);
            inflater = null;
        } else if (inflater.finished()) {
            // The client ended its stream with a final block: the next message starts a new one.
            inflater.reset();
        }
        return message;
    }

    /** The inflated bytes so far, valid up to {@link #size()}. */
    byte[] output() {
        return out;
    }

    /** How many bytes the message has inflated to so far. */
    int size() {
        return size;
    }

    /** Frees the decompressor; the connection is closing. */
    void release() {
        if (inflater != null) {
            if (contextTakeover) {
                inflater.end();
            } else {
                ZlibPool.INFLATERS.give(inflater);
            }
            inflater = null;
        }
        out = EMPTY;
    }

    private int inflate(byte[] compressed) {
        int before = size;
        inflater.setInput(compressed);
        try {
            // Bytes after a final block are ignored, as zlib does.
            while (!inflater.finished()) {
                if (size == out.length) {
                    grow();
                }
                int n = inflater.inflate(out, size, out.length - size);
                size += n;
                if (size > maxMessageSize) {
                    throw new ProtocolException(
                            CloseCodes.MESSAGE_TOO_BIG, "message inflates past " + maxMessageSize + " bytes");
                }
                if (n == 0 && size < out.length) {
                    if (inflater.needsInput()) {
                        break;
                    }
                    throw invalid(inflater.needsDictionary() ? "asks for a preset dictionary" : "does not inflate");
                }
            }
        } catch (DataFormatException e) {
            throw invalid(e.getMessage());
        }
        return size - before;
    }

    /** Doubles the buffer, up to one byte past the limit (that byte is how an overflow shows). */
    private void grow() {
        long cap = maxMessageSize + 1;
        int grown = (int) Math.min(cap, Math.max(4096L, out.length * 2L));
        out = Arrays.copyOf(out, grown);
    }

    private static ProtocolException invalid(String why) {
        return new ProtocolException(CloseCodes.INVALID_PAYLOAD, "compressed message " + why);
    }
}
