package dev.weft.net.internal.websocket;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses the messages one connection sends (RFC 7692 section 7.2.1): the payload is deflated
 * with a sync flush, the flush's trailing {@code 00 00 ff ff} is dropped, and the frame goes out
 * with RSV1 set. Control frames are never compressed, and messages under {@link
 * DeflateParams#minCompressSize()} are sent as they are.
 *
 * <p>Without context takeover a compressor is taken from {@link ZlibPool} for each message and
 * reset afterwards, and a message that does not shrink is sent uncompressed. With it, the
 * connection keeps one compressor whose window carries over, so every message above the threshold
 * must go through it, and in the order it is written: {@link #send} holds this object's lock from
 * compressing until the frame is queued.
 *
 * <p>Internal: not part of Weft's API.
 */
public final class MessageDeflater {
    /** Room kept in front of the compressed bytes for the longest frame header. */
    private static final int HEADER_ROOM = 10;

    private final boolean contextTakeover;
    private final int minSize;
    private Deflater deflater;
    private boolean released;

    /**
     * Creates the compressor side of one connection.
     *
     * @param params the negotiated configuration
     */
    public MessageDeflater(DeflateParams params) {
        this.contextTakeover = !params.serverNoContextTakeover();
        this.minSize = params.minCompressSize();
    }

    /** Where an encoded frame goes: the connection's outbound queue. */
    public interface Sink {
        /**
         * Writes one frame.
         *
         * @param frame the frame bytes
         * @return true if it was accepted
         */
        boolean write(ByteBuffer frame);
    }

    /**
     * Encodes one unfragmented data message, compressed when it is worth it, and writes it.
     *
     * @param opcode text or binary
     * @param payload the message
     * @param sink where the frame goes
     * @return the sink's answer; false once {@link #release()} ran
     */
    public boolean send(Opcode opcode, byte[] payload, Sink sink) {
        if (payload.length < minSize) {
            return sink.write(FrameEncoder.frame(opcode, true, payload));
        }
        if (!contextTakeover) {
            Deflater d = ZlibPool.DEFLATERS.take();
            try {
                ByteBuffer frame = compress(d, opcode, payload, true);
                return sink.write(frame != null ? frame : FrameEncoder.frame(opcode, true, payload));
            } finally {
                ZlibPool.DEFLATERS.give(d);
            }
        }
        synchronized (this) {
            if (released) {
                return false;
            }
            if (deflater == null) {
                deflater = ZlibPool.newDeflater();
            }
            return sink.write(compress(deflater, opcode, payload, false));
        }
    }

    /** Frees the connection's compressor; later sends return false. */
    public synchronized void release() {
        released = true;
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    /**
     * The compressed frame; null if {@code orNull} and compressing did not make the payload smaller.
     * (With context takeover the compressor's window has taken the payload in, so it must be sent
     * compressed whatever its size.)
     */
    private static ByteBuffer compress(Deflater d, Opcode opcode, byte[] payload, boolean orNull) {
        d.setInput(payload);
        // Most text shrinks to well under half; the buffer doubles when it does not.
        byte[] buf = new byte[HEADER_ROOM + 64 + payload.length / 2];
        int end = HEADER_ROOM;
        while (true) {
            int n = d.deflate(buf, end, buf.length - end, Deflater.SYNC_FLUSH);
            end += n;
            if (end < buf.length) {
                break; // Less than the room given: the flush is complete.
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int length = end - HEADER_ROOM - MessageInflater.TAIL.length; // The sync flush's 00 00 ff ff.
        if (length >= payload.length && orNull) {
            return null;
        }
        int header = FrameEncoder.headerLength(length);
        int start = HEADER_ROOM - header;
        ByteBuffer frame = ByteBuffer.wrap(buf, start, header + length).slice();
        FrameEncoder.writeHeader(frame.duplicate(), opcode, true, true, length);
        return frame;
    }
}
