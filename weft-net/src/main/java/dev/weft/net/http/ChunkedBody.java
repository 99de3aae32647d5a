package dev.weft.net.http;

import java.io.IOException;

/**
 * A response body produced while it is being sent, of a length unknown up front: the handler
 * writes pieces to a {@link ChunkedWriter} and the encoder frames them with chunked transfer
 * coding (or, for an HTTP/1.0 client, sends them raw and closes the connection at the end).
 */
@FunctionalInterface
public interface ChunkedBody {
    /**
     * Writes the body. Returning ends it; the terminating chunk is written afterwards.
     *
     * @param out where to write the pieces of the body
     * @throws IOException if the client went away; stop writing
     */
    void writeTo(ChunkedWriter out) throws IOException;
}
