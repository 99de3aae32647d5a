package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.net.CoSocket;
import dev.weft.net.internal.tls.TlsRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * TLS on a connection's {@link CoSocket}: the JDK's {@link SSLEngine} (through {@link TlsRecords}) over
 * Weft's own cancellable socket, so every wait is a listed, cancellable {@code socket.read} or
 * {@code socket.write} as on a plain connection. A cancelled read returns 0 and keeps the half-received
 * record in the inbound buffer: the next read goes on with it and the connection stays usable.
 *
 * <p>Who calls what: the connection's coroutine runs {@link #handshake} (before onConnect) and then
 * {@link #read} from the read loop; {@link Outbound} calls the write side only while it owns the send
 * side, so records leave in the order they were encrypted. Plain connections have no TlsWire at all:
 * their path is the one it always was.
 */
final class TlsWire {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final TlsRecords records;
    private final CoSocket socket;
    private final Object peer;
    /** The handshake is complete: application data may flow. */
    private volatile boolean ready;
    /** Called by the reader when the engine has a message of its own to send (a TLS 1.3 key update reply). */
    private Runnable replyNeeded = () -> {};

    TlsWire(SSLEngine engine, CoSocket socket, Object peer) {
        this.records = new TlsRecords(engine);
        this.socket = socket;
        this.peer = peer;
    }

    void onReplyNeeded(Runnable r) {
        this.replyNeeded = r;
    }

    boolean ready() {
        return ready;
    }

    /**
     * Runs the handshake within {@code timeout} (from now). A cancel of the coroutine only retries the wait
     * it hit, as the read loop does; the handshake ends early once {@code open} turns false (the connection
     * was closed). On failure the reason is logged at debug level and counted, and an alert is attempted.
     *
     * @return true when the handshake completed
     */
    boolean handshake(Duration timeout, ReadInterrupt interrupt, BooleanSupplier open) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            records.engine().beginHandshake();
            for (; ; ) {
                TlsRecords.Step step = records.handshake();
                if (step == TlsRecords.Step.DONE) {
                    ready = true;
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return failed("handshake timed out after " + timeout.toMillis() + " ms", null);
                }
                if (!open.getAsBoolean()) {
                    return failed("closed during the handshake", null);
                }
                if (step == TlsRecords.Step.WRITE) {
                    if (!socket.writeFully(records.outbound(), Duration.ofNanos(left)) && timedOut()) {
                        return failed("handshake timed out after " + timeout.toMillis() + " ms", null);
                    }
                    continue;
                }
                int n;
                interrupt.enter();
                try {
                    if (!open.getAsBoolean()) {
                        return failed("closed during the handshake", null);
                    }
                    n = socket.read(records.inbound(), Duration.ofNanos(left), false);
                } finally {
                    interrupt.exit();
                }
                if (n < 0) {
                    return failed("the peer closed the connection during the handshake", null);
                }
                if (n == 0 && timedOut()) {
                    return failed("handshake timed out after " + timeout.toMillis() + " ms", null);
                }
            }
        } catch (SSLException e) {
            alert();
            return failed("handshake failed: " + e.getMessage(), e);
        } catch (IOException e) {
            return failed("handshake failed: " + e.getMessage(), e);
        }
    }

    private static boolean timedOut() {
        return Co.lastError() == CoError.CO_TIMEDOUT;
    }

    private boolean failed(String why, Exception e) {
        NetCounters.countTlsFailure();
        LOG.log(System.Logger.Level.DEBUG, () -> peer + ": TLS " + why + "; closing");
        return false;
    }

    /** Best effort: the engine's alert after a failure, written if the socket takes it at once. */
    private void alert() {
        try {
            records.closeOutbound();
            socket.channel().write(records.outbound());
        } catch (IOException | RuntimeException e) {
            // the peer is gone or was never speaking TLS
        }
    }

    /**
     * Reads and decrypts into {@code dst}, as {@link CoSocket#read(ByteBuffer, Duration, boolean)} reads:
     * at least one byte, -1 at the end (the peer's close_notify or end of stream), 0 on cancel or timeout
     * with {@link Co#lastError()} set, and the partial record kept for the next call.
     *
     * @throws IOException when the socket fails or the records are not valid TLS (counted, logged at debug)
     */
    int read(ByteBuffer dst, Duration timeout, boolean idle) throws IOException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        for (; ; ) {
            int n;
            try {
                n = records.decrypt(dst);
            } catch (SSLException e) {
                // No alert here: the send side may be mid-record in the writer coroutine.
                NetCounters.countTlsFailure();
                throw e;
            }
            if (records.wantsWrap()) {
                replyNeeded.run();
            }
            if (n != 0) {
                return n;
            }
            Duration left = timeout == null ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            int m = socket.read(records.inbound(), left, idle && !records.hasInbound());
            if (m <= 0) {
                return m;
            }
        }
    }

    // ---- the send side: only while Outbound owns it

    /** Whether ciphertext (or a message of the engine's own) waits to be written. */
    boolean outputPending() {
        return records.hasOutbound() || (ready && records.wantsWrap());
    }

    /**
     * Encrypts and writes as much of {@code src} as the socket takes now, without waiting; ciphertext the
     * socket did not take stays pending ({@link #outputPending()}).
     */
    void writeNow(ByteBuffer src) throws IOException {
        for (; ; ) {
            if (records.hasOutbound()) {
                socket.channel().write(records.outbound());
                if (records.hasOutbound()) {
                    return;
                }
            }
            if (!src.hasRemaining() && !records.wantsWrap()) {
                records.releaseOut();
                return;
            }
            encrypt(src);
        }
    }

    /**
     * Writes what is pending, then encrypts and writes all of {@code src}, suspending while the socket is
     * full.
     *
     * @return false on cancel (what is left stays pending, a later call goes on)
     */
    boolean writeFully(ByteBuffer src) throws IOException {
        for (; ; ) {
            if (records.hasOutbound() && !socket.writeFully(records.outbound(), null)) {
                return false;
            }
            if (!src.hasRemaining() && !records.wantsWrap()) {
                records.releaseOut();
                return true;
            }
            encrypt(src);
        }
    }

    private void encrypt(ByteBuffer src) throws SSLException {
        int before = src.position();
        records.encrypt(src);
        if (!records.hasOutbound() && src.position() == before) {
            throw new SSLException("the TLS engine made no progress");
        }
    }

    /** Sends close_notify if the socket takes it now; nothing may be pending. */
    void closeNotify() {
        if (!ready) {
            return;
        }
        try {
            records.closeOutbound();
            socket.channel().write(records.outbound());
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    /** Gives the pooled buffers back; the connection is closed and nobody owns the send side. */
    void release() {
        records.release();
    }
}
