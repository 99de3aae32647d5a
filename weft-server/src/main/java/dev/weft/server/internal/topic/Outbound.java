package dev.weft.server.internal.topic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting to be written to one socket, and the loop that writes them: producers never block,
 * and the writer gathers what is queued into large writes. Messages beyond the bound ({@value #MAX_FRAMES}
 * frames or {@value #MAX_BYTES} bytes) are dropped and counted; control frames (subscribe, unsubscribe,
 * ack) are never dropped.
 */
final class Outbound {
    static final int MAX_FRAMES = 16_384;
    static final long MAX_BYTES = 16L << 20;
    private static final int BATCH = 64 * 1024;
    private static final byte[] POISON = new byte[0];

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closed;

    /**
     * Queues a message frame unless the queue is full or closed.
     *
     * @return false if it was dropped
     */
    boolean offer(byte[] frame) {
        if (closed || queue.size() >= MAX_FRAMES || queuedBytes.get() + frame.length > MAX_BYTES) {
            dropped.incrementAndGet();
            return false;
        }
        queuedBytes.addAndGet(frame.length);
        queue.add(frame);
        return true;
    }

    /** Queues a control frame, whatever the bound. */
    void offerControl(byte[] frame) {
        if (closed) return;
        queuedBytes.addAndGet(frame.length);
        queue.add(frame);
    }

    /** Messages dropped because the queue was full or closed. */
    long dropped() {
        return dropped.get();
    }

    /** Frames written. */
    long written() {
        return written.get();
    }

    /** Frames waiting. */
    int queued() {
        return queue.size();
    }

    /** Stops the writer after what is queued; later offers are dropped. */
    void close() {
        closed = true;
        queue.add(POISON);
    }

    /**
     * Writes frames until {@link #close()} or a write fails, on the calling thread.
     *
     * @throws IOException when the socket breaks
     */
    void writeLoop(WritableByteChannel out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BATCH);
        List<byte[]> batch = new ArrayList<>();
        while (true) {
            byte[] first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            batch.add(first);
            queue.drainTo(batch, 1024);
            for (byte[] f : batch) {
                if (f == POISON) {
                    flush(out, buf);
                    return;
                }
                queuedBytes.addAndGet(-f.length);
                if (f.length > buf.remaining()) {
                    flush(out, buf);
                    if (f.length > buf.capacity()) {
                        write(out, ByteBuffer.wrap(f));
                        written.incrementAndGet();
                        continue;
                    }
                }
                buf.put(f);
                written.incrementAndGet();
            }
            batch.clear();
            flush(out, buf);
        }
    }

    private static void flush(WritableByteChannel out, ByteBuffer buf) throws IOException {
        if (buf.position() == 0) return;
        buf.flip();
        write(out, buf);
        buf.clear();
    }

    private static void write(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }
}
