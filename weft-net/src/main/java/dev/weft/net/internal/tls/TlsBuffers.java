package dev.weft.net.internal.tls;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The process's pool of TLS record buffers (heap: the JDK's ciphers work on arrays). A connection holds
 * one only while it has ciphertext to write or decrypted bytes to hand over, so ten thousand idle TLS
 * connections do not each keep 33 KiB. At most {@link #MAX_POOLED} free buffers are kept. Thread-safe.
 */
final class TlsBuffers {
    /** Room for one TLS record (16 KiB of data plus header, padding and tag, as the JDK sizes it). */
    static final int SIZE = 17 * 1024;

    private static final int MAX_POOLED = 256;
    private static final ArrayBlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(MAX_POOLED);

    private TlsBuffers() {}

    /** A cleared buffer of at least {@code capacity} bytes. */
    static ByteBuffer acquire(int capacity) {
        if (capacity > SIZE) {
            return ByteBuffer.allocate(capacity);
        }
        ByteBuffer b = FREE.poll();
        return b != null ? b.clear() : ByteBuffer.allocate(SIZE);
    }

    /** Returns a buffer no longer used; null is ignored, only pool-sized ones are kept. */
    static void release(ByteBuffer b) {
        if (b != null && b.capacity() == SIZE) {
            FREE.offer(b);
        }
    }
}
