package dev.weft.net.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The process's pool of direct receive buffers, for the drivers whose decoders read through the
 * {@link ByteBuffer} API only (HTTP, WebSocket). A socket read into a heap buffer makes the JDK
 * look up a per-carrier temporary direct buffer, read into it and copy the bytes over; into a
 * direct buffer it reads in place. Pooling keeps the cost of allocating direct memory (zeroing,
 * a cleaner) off the accept path. At most {@link #MAX_POOLED} free buffers are kept, so a burst
 * of connections does not pin its peak in memory for good. Thread-safe.
 *
 * <p>User protocols keep heap buffers: they may rely on {@link ByteBuffer#array()}.
 */
final class ReceiveBuffers {
    /** The size of a receive buffer, and of the heap one a connection starts with otherwise. */
    static final int SIZE = 16 * 1024;

    private static final int MAX_POOLED = 256;

    /** The pool every connection of the process uses. */
    static final ReceiveBuffers SHARED = new ReceiveBuffers(MAX_POOLED);

    private final ArrayBlockingQueue<ByteBuffer> free;

    /** A pool keeping at most {@code maxPooled} free buffers. */
    ReceiveBuffers(int maxPooled) {
        this.free = new ArrayBlockingQueue<>(maxPooled);
    }

    /** A cleared receive buffer: pooled direct memory if {@code direct}, else a new heap buffer. */
    ByteBuffer acquire(boolean direct) {
        if (!direct) {
            return ByteBuffer.allocate(SIZE);
        }
        ByteBuffer b = free.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(SIZE);
    }

    /** Returns a buffer the connection no longer uses; only pooled-size direct ones are kept. */
    void release(ByteBuffer b) {
        if (b != null && b.isDirect() && b.capacity() == SIZE) {
            free.offer(b);
        }
    }
}
