package dev.weft.net.http;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where encoded response bytes go: in a server, the connection's socket. */
@FunctionalInterface
public interface ByteSink {
    /**
     * Writes all remaining bytes of {@code bytes}, blocking (or suspending) until done.
     *
     * @param bytes the bytes to send, from position to limit
     * @throws IOException if the peer is gone
     */
    void write(ByteBuffer bytes) throws IOException;
}
