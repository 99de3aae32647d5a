package dev.weft.net.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a streamed response body to a {@link ByteSink}, one chunk per write: {@code <hex
 * size>\r\n<data>\r\n}, and {@code 0\r\n\r\n} on {@link #finish()}. Unframed, for HTTP/1.0
 * clients, it passes the data through and the end of the body is the closing of the connection.
 * Not thread-safe.
 */
public final class ChunkedWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ByteSink sink;
    private final boolean framed;
    private boolean finished;

    /**
     * Creates a writer.
     *
     * @param sink where the bytes go
     * @param framed true for chunked framing, false to pass data through unframed
     */
    public ChunkedWriter(ByteSink sink, boolean framed) {
        this.sink = sink;
        this.framed = framed;
    }

    /**
     * Sends {@code data} as one chunk. An empty write sends nothing, since an empty chunk would end
     * the body.
     *
     * @param data the bytes
     * @throws IOException if the sink fails
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    /**
     * Sends {@code data[offset, offset + length)} as one chunk.
     *
     * @param data the bytes
     * @param offset where they start
     * @param length how many to send; 0 sends nothing
     * @throws IOException if the sink fails
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(byte[] data, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (finished) {
            throw new IllegalStateException("the body is finished");
        }
        if (length == 0) {
            return;
        }
        if (!framed) {
            sink.write(ByteBuffer.wrap(data, offset, length));
            return;
        }
        int digits = (35 - Integer.numberOfLeadingZeros(length)) / 4;
        // One buffer per chunk, so that a chunk costs one write on the socket.
        ByteBuffer chunk = ByteBuffer.allocate(digits + 2 + length + 2);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            chunk.put(HEX[(length >>> shift) & 0xF]);
        }
        chunk.put((byte) '\r')
                .put((byte) '\n')
                .put(data, offset, length)
                .put((byte) '\r')
                .put((byte) '\n');
        sink.write(chunk.flip());
    }

    /**
     * Sends {@code text} as one chunk, encoded as UTF-8.
     *
     * @param text the text
     * @throws IOException if the sink fails
     * @throws IllegalStateException after {@link #finish()}
     */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Ends the body: writes the terminating chunk. Calling it again does nothing.
     *
     * @throws IOException if the sink fails
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (framed) {
            sink.write(ByteBuffer.wrap(LAST_CHUNK));
        }
    }
}
