package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.net.CoSocket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outbound end of a {@link TcpConnection}. A send writes straight to the non-blocking socket when
 * nothing is queued (the common case: a response fits the socket buffer); what the socket does not
 * take is copied into a bounded queue that a writer coroutine drains as the socket becomes
 * writable. As in Workerman, a send arriving while the queue is at its limit is dropped and
 * counted; the send that fills the queue fires onBufferFull, and emptying a full queue fires
 * onBufferDrain.
 *
 * <p>On a TLS connection the queue holds plaintext as well, and bytes are encrypted only as they are
 * written, by whoever owns the send side (a direct send, the writer coroutine, a blocking body write), so
 * records leave in the order the engine sealed them. Ciphertext the socket did not take waits in the
 * {@link TlsWire} and keeps the writer coroutine going. {@link #written()} counts plaintext there.
 */
final class Outbound {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The cork buffer: what one batch of pipelined responses may gather before it is written. */
    private static final int CORK_SIZE = 16 * 1024;

    private final long connectionId;
    private final CoSocket socket;
    private final CallbackGuard guard;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final String flushedEvent;
    /** TLS on this connection, else null (the plain path). */
    private final TlsWire tls;

    private int queued;
    private volatile int limit;
    private volatile long written;
    /** A writer (the drain coroutine or a blocking body write) owns the socket's send side. */
    private boolean writing;

    private boolean full;
    private volatile boolean discarded;
    /** Sends are gathered in {@link #cork} instead of written, until {@link #uncork()}. */
    private boolean corked;
    /** The gathered sends (write mode), made on the first cork and kept: only pipelining connections have one. */
    private ByteBuffer cork;

    Outbound(long connectionId, CoSocket socket, int limit, CallbackGuard guard, Listener listener, TlsWire tls) {
        this.connectionId = connectionId;
        this.tls = tls;
        this.socket = socket;
        this.limit = limit;
        this.guard = guard;
        this.listener = listener;
        this.flushedEvent = "connection.flushed#" + connectionId;
    }

    boolean send(ByteBuffer bytes) {
        boolean becameFull;
        lock.lock();
        try {
            if (discarded || (tls != null && !tls.ready())) {
                return false;
            }
            if (corked && !writing && queue.isEmpty() && gather(bytes)) {
                return true;
            }
            if (!writing && queue.isEmpty() && !writeNow(bytes)) {
                return false;
            }
            if (!bytes.hasRemaining()) {
                if (tls != null && tls.outputPending()) {
                    startWriter();
                }
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
            guard.sendFailed(limit);
            return false;
        }
        if (becameFull) {
            guard.run(listener.onBufferFull());
        }
        return true;
    }

    /** Starts gathering sends; see {@link DriverContext#cork()}. */
    void cork() {
        lock.lock();
        try {
            corked = true;
        } finally {
            lock.unlock();
        }
    }

    /** Writes the gathered sends (queueing what the socket does not take) and stops gathering. */
    void uncork() {
        lock.lock();
        try {
            corked = false;
            flushCork();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock, corked, nothing queued: copies {@code bytes} into the cork buffer, writing out what it
     * holds first when they do not fit; false for a send too large to gather (written the usual way).
     */
    private boolean gather(ByteBuffer bytes) {
        if (cork == null) {
            cork = ByteBuffer.allocate(CORK_SIZE);
        }
        if (bytes.remaining() > cork.remaining()) {
            flushCork();
            if (!queue.isEmpty() || bytes.remaining() > cork.remaining()) {
                return false;
            }
        }
        cork.put(bytes);
        return true;
    }

    /** Under the lock: writes what the cork buffer holds; the socket's leftovers go to the queue. */
    private void flushCork() {
        if (cork == null || cork.position() == 0) {
            return;
        }
        cork.flip();
        if (!discarded && !writing && queue.isEmpty() && writeNow(cork) && cork.hasRemaining()) {
            enqueue(cork);
        }
        cork.clear();
    }

    /** Under the lock: a non-blocking write; false if the socket failed. */
    private boolean writeNow(ByteBuffer bytes) {
        try {
            int before = bytes.position();
            if (tls == null) {
                socket.channel().write(bytes);
            } else {
                tls.writeNow(bytes);
            }
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
        startWriter();
    }

    /** Under the lock: starts the writer coroutine unless someone owns the send side. */
    private void startWriter() {
        if (!writing) {
            writing = true;
            Co.goSystem("connection-writer#" + connectionId, this::drain);
        }
    }

    /**
     * TLS: the reader saw the engine wants to send a message of its own (a key update reply). Sent now if
     * the send side is free; otherwise its owner sends it before it lets go.
     */
    void tlsReply() {
        lock.lock();
        try {
            if (discarded || writing || !queue.isEmpty()) {
                return;
            }
            if (writeNow(ByteBuffer.allocate(0)) && tls.outputPending()) {
                startWriter();
            }
        } finally {
            lock.unlock();
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
                if (head == null && !discarded && tls != null && tls.outputPending()) {
                    head = EMPTY; // TLS: ciphertext still pending, written before the send side is let go
                } else if (head == null || discarded) {
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
                    guard.run(listener.onBufferDrain());
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
            if (tls == null) {
                socket.writeFully(head, null);
            } else {
                tls.writeFully(head);
            }
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
                if (!head.hasRemaining() && head != EMPTY) {
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
        acquireSendSide();
        try {
            while (bytes.hasRemaining()) {
                int before = bytes.position();
                boolean done = tls == null ? socket.writeFully(bytes, null) : tls.writeFully(bytes);
                written += bytes.position() - before;
                if (!done) {
                    throw new InterruptedIOException("write abandoned: " + Co.lastError());
                }
            }
        } finally {
            releaseSendSide();
        }
    }

    /** Whether {@link #transferBlocking} may be used: a plain connection (TLS must encrypt every byte). */
    boolean zeroCopy() {
        return tls == null;
    }

    /**
     * Plain connections only: sends {@code count} bytes of {@code file} from {@code position} after
     * everything queued, without copying them through the heap, suspending the caller until the socket
     * took them all.
     *
     * @throws IOException if the connection failed, the wait was abandoned or the file ended early
     */
    void transferBlocking(FileChannel file, long position, long count) throws IOException {
        acquireSendSide();
        try {
            long sent = socket.transferFrom(file, position, count, null);
            written += sent;
            if (sent < count) {
                throw Co.lastError() == dev.weft.coroutine.CoError.NONE
                        ? new IOException("file shrank while sending: " + (count - sent) + " bytes missing")
                        : new InterruptedIOException("write abandoned: " + Co.lastError());
            }
        } finally {
            releaseSendSide();
        }
    }

    /** Takes the send side once what is queued (and corked) is written; throws if the connection is gone. */
    private void acquireSendSide() throws IOException {
        lock.lock();
        try {
            flushCork(); // gathered sends go first, and the wait below would wait for them forever
        } finally {
            lock.unlock();
        }
        if (!Co.waitFor(flushedEvent, this::acquire, null)) {
            throw new InterruptedIOException("write abandoned: " + Co.lastError());
        }
        if (discarded) {
            throw new IOException("connection closed");
        }
    }

    private void releaseSendSide() {
        lock.lock();
        try {
            writing = false;
        } finally {
            lock.unlock();
        }
        Co.wakeup(flushedEvent);
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
            flushCork();
            return discarded || (!writing && queue.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    /**
     * TLS: sends close_notify if the send side is free and the socket takes it at once, then gives the
     * TLS buffers back. Called once, as the connection closes.
     */
    void closeTls() {
        if (tls == null) {
            return;
        }
        lock.lock();
        try {
            if (!writing && queue.isEmpty()) {
                if (!discarded) {
                    tls.closeNotify();
                }
                tls.release();
            }
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
            if (cork != null) {
                cork.clear();
            }
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
