package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.net.CoSocket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The send side of a {@link TcpConnection}. A send writes straight to the non-blocking socket when
 * nothing is queued (the common case: a response fits the socket buffer); what the socket does not
 * take is copied into a bounded queue that a writer coroutine drains as the socket becomes
 * writable. As in Workerman, a send arriving while the queue is at its limit is dropped and
 * counted; the send that fills the queue fires onBufferFull, and emptying a full queue fires
 * onBufferDrain.
 */
final class Outbound {
    private final TcpConnection connection;
    private final CoSocket socket;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final String flushedEvent;
    private int queued;
    private volatile int limit;
    private volatile long written;
    /** A writer (the drain coroutine or a blocking body write) owns the socket's send side. */
    private boolean writing;

    private boolean full;
    private volatile boolean discarded;

    Outbound(TcpConnection connection, CoSocket socket, int limit) {
        this.connection = connection;
        this.socket = socket;
        this.limit = limit;
        this.flushedEvent = "connection.flushed#" + connection.id();
    }

    boolean send(ByteBuffer bytes) {
        boolean becameFull;
        lock.lock();
        try {
            if (discarded) {
                return false;
            }
            if (!writing && queue.isEmpty() && !writeNow(bytes)) {
                return false;
            }
            if (!bytes.hasRemaining()) {
                return true;
            }
            if (queued >= limit) {
                becameFull = false;
                bytes = null;
            } else {
                enqueue(bytes);
                becameFull = !full && queued >= limit;
                full |= becameFull;
            }
        } finally {
            lock.unlock();
        }
        if (bytes == null) {
            connection.sendFailed();
            return false;
        }
        if (becameFull) {
            connection.bufferFull();
        }
        return true;
    }

    /** Under the lock: a non-blocking write; false if the socket failed. */
    private boolean writeNow(ByteBuffer bytes) {
        try {
            int before = bytes.position();
            socket.channel().write(bytes);
            written += bytes.position() - before;
            return true;
        } catch (IOException e) {
            discarded = true;
            return false;
        }
    }

    private void enqueue(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
        queue.addLast(copy);
        queued += copy.remaining();
        if (!writing) {
            writing = true;
            Co.goSystem("connection-writer#" + connection.id(), this::drain);
        }
    }

    /** The writer coroutine: writes the queue out as the socket takes it. */
    private void drain() {
        for (; ; ) {
            ByteBuffer head;
            boolean drained = false;
            lock.lock();
            try {
                head = queue.peekFirst();
                if (head == null || discarded) {
                    writing = false;
                    drained = full && !discarded;
                    full = false;
                }
            } finally {
                lock.unlock();
            }
            if (head == null || discarded) {
                Co.wakeup(flushedEvent);
                if (drained) {
                    connection.bufferDrained();
                }
                return;
            }
            if (!writeHead(head)) {
                return;
            }
        }
    }

    private boolean writeHead(ByteBuffer head) {
        int before = head.position();
        try {
            socket.writeFully(head, null);
        } catch (IOException e) {
            discard();
            Co.wakeup(flushedEvent);
            return false;
        } finally {
            int n = head.position() - before;
            lock.lock();
            try {
                written += n;
                queued -= n;
                if (!head.hasRemaining()) {
                    queue.pollFirst();
                }
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    /** Writes after everything queued, suspending the caller until the socket took it all. */
    void writeBlocking(ByteBuffer bytes) throws IOException {
        if (!Co.waitFor(flushedEvent, this::acquire, null)) {
            throw new InterruptedIOException("write abandoned: " + Co.lastError());
        }
        if (discarded) {
            throw new IOException("connection closed");
        }
        try {
            while (bytes.hasRemaining()) {
                int before = bytes.position();
                boolean done = socket.writeFully(bytes, null);
                written += bytes.position() - before;
                if (!done) {
                    throw new InterruptedIOException("write abandoned: " + Co.lastError());
                }
            }
        } finally {
            lock.lock();
            try {
                writing = false;
            } finally {
                lock.unlock();
            }
            Co.wakeup(flushedEvent);
        }
    }

    /** Takes the send side for a blocking write when nothing is queued (or gives up once the socket is gone). */
    private boolean acquire() {
        lock.lock();
        try {
            if (discarded) {
                return true;
            }
            if (writing || !queue.isEmpty()) {
                return false;
            }
            writing = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the queue is written out (or the socket failed), at most {@code max}. */
    void awaitFlushed(Duration max) {
        Co.waitFor(flushedEvent, this::flushed, max);
    }

    private boolean flushed() {
        lock.lock();
        try {
            return discarded || (!writing && queue.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    /** Drops whatever is queued; later sends fail. */
    void discard() {
        lock.lock();
        try {
            discarded = true;
            queue.clear();
            queued = 0;
        } finally {
            lock.unlock();
        }
        Co.wakeup(flushedEvent);
    }

    int queued() {
        return queued;
    }

    long written() {
        return written;
    }

    int limit() {
        return limit;
    }

    void limit(int bytes) {
        limit = bytes;
    }
}
