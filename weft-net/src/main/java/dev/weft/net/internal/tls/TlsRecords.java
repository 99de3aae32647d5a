package dev.weft.net.internal.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The record layer of one TLS connection, without any I/O: an {@link SSLEngine} with its buffers. The
 * caller reads ciphertext from the socket into {@link #inbound()}, asks {@link #handshake()} or
 * {@link #decrypt} what it makes of it, and writes whatever {@link #outbound()} holds to the socket.
 * The socket side lives in {@code dev.weft.net.internal.TlsWire}; being I/O-free, this part is fuzzed
 * directly.
 *
 * <p>Buffers: {@code netIn} (received ciphertext, write mode) stays with the connection, since it may hold
 * half a record; it starts small and grows to a record's size when a record needs it. {@code appIn}
 * (decrypted bytes the caller had no room for, read mode) and {@code netOut} (ciphertext not yet
 * written, read mode) come from {@link TlsBuffers} and go back once empty.
 *
 * <p>Threads: the inbound side (handshake, decrypt) belongs to the connection's reader, the outbound side
 * (encrypt, outbound) to whoever owns the connection's send side; the engine allows one of each at a time.
 *
 * <p>Internal: not part of Weft's API.
 */
public final class TlsRecords {
    /** What the handshake needs next. */
    public enum Step {
        /** More ciphertext from the peer: read into {@link #inbound()}. */
        READ,
        /** {@link #outbound()} holds bytes for the peer: write them all. */
        WRITE,
        /** The handshake is complete. */
        DONE
    }

    private static final int INITIAL_NET_IN = 4096;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private ByteBuffer netIn = ByteBuffer.allocate(INITIAL_NET_IN);
    private ByteBuffer appIn;
    private ByteBuffer netOut;

    /** Wraps a server- or client-mode engine whose handshake has not begun. */
    public TlsRecords(SSLEngine engine) {
        this.engine = engine;
    }

    /** The engine. */
    public SSLEngine engine() {
        return engine;
    }

    // ---- inbound (the reader)

    /** Where to read ciphertext into (write mode); grown, if full, to hold a whole record. */
    public ByteBuffer inbound() {
        if (!netIn.hasRemaining()) {
            int size = Math.max(netIn.capacity() * 2, engine.getSession().getPacketBufferSize());
            ByteBuffer grown = ByteBuffer.allocate(size);
            netIn.flip();
            grown.put(netIn);
            netIn = grown;
        }
        return netIn;
    }

    /** Whether received ciphertext waits to be decrypted (half a record, or a record not yet asked for). */
    public boolean hasInbound() {
        return netIn.position() > 0;
    }

    /**
     * Advances the handshake as far as the bytes at hand allow. Records the peer sent after its last
     * handshake message stay for {@link #decrypt}.
     *
     * @throws SSLException when the peer's bytes are not an acceptable handshake (the engine may then have
     *     an alert in {@link #outbound()}, which is worth a try to write)
     */
    public Step handshake() throws SSLException {
        for (; ; ) {
            if (netOut != null && netOut.hasRemaining()) {
                return Step.WRITE;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NOT_HANDSHAKING, FINISHED -> {
                    releaseOut();
                    releaseApp();
                    return Step.DONE;
                }
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    SSLEngineResult r = wrap(EMPTY);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED && !netOut.hasRemaining()) {
                        throw new SSLException("the engine closed during the handshake");
                    }
                }
                default -> {
                    SSLEngineResult r = unwrap();
                    switch (r.getStatus()) {
                        case BUFFER_UNDERFLOW -> {
                            return Step.READ;
                        }
                        case CLOSED -> throw new SSLException("the peer closed during the handshake");
                        default -> {
                            if (r.bytesConsumed() == 0
                                    && r.getHandshakeStatus() == hs
                                    && hs != HandshakeStatus.NEED_UNWRAP_AGAIN) {
                                return Step.READ;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Decrypts into {@code dst}: bytes left over from before first, then records from {@link #inbound()}.
     * Handshake messages after the handshake (TLS 1.3 session tickets, key updates) are taken in passing;
     * check {@link #wantsWrap()} afterwards.
     *
     * @return the bytes put into {@code dst}; 0 when a whole record is still missing (read more), or when
     *     {@code dst} has no room; -1 once the peer sent close_notify
     * @throws SSLException when the records are not valid TLS from this peer
     */
    public int decrypt(ByteBuffer dst) throws SSLException {
        for (; ; ) {
            int n = drainApp(dst);
            if (n > 0 || !dst.hasRemaining()) {
                return n;
            }
            if (netIn.position() == 0) {
                return engine.isInboundDone() ? -1 : 0;
            }
            int before = dst.position();
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, dst);
            } finally {
                netIn.compact();
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            switch (r.getStatus()) {
                case OK -> {
                    int produced = dst.position() - before;
                    if (produced > 0) {
                        return produced;
                    }
                    if (r.bytesConsumed() == 0) {
                        return 0;
                    }
                }
                case BUFFER_OVERFLOW -> {
                    SSLEngineResult.Status s = unwrapIntoApp();
                    if (s == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        inbound(); // room for the rest of the record
                        return 0;
                    }
                    if (s == SSLEngineResult.Status.CLOSED && appIn == null) {
                        return -1;
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    inbound(); // room for the rest of the record
                    return 0;
                }
                case CLOSED -> {
                    return -1;
                }
            }
        }
    }

    /** {@code dst} had no room for a record: decrypts one into {@code appIn} instead, to hand over in parts. */
    private SSLEngineResult.Status unwrapIntoApp() throws SSLException {
        SSLEngineResult r = unwrap();
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        releaseApp();
        if (r.getStatus() == SSLEngineResult.Status.OK && r.bytesConsumed() == 0) {
            return SSLEngineResult.Status.BUFFER_UNDERFLOW; // no progress: wait for more bytes, never spin
        }
        return r.getStatus();
    }

    private int drainApp(ByteBuffer dst) {
        if (appIn == null) {
            return 0;
        }
        int n = Math.min(appIn.remaining(), dst.remaining());
        dst.put(dst.position(), appIn, appIn.position(), n);
        dst.position(dst.position() + n);
        appIn.position(appIn.position() + n);
        if (!appIn.hasRemaining()) {
            releaseApp();
        }
        return n;
    }

    private SSLEngineResult unwrap() throws SSLException {
        if (appIn == null) {
            appIn = TlsBuffers.acquire(engine.getSession().getApplicationBufferSize())
                    .flip();
        }
        appIn.compact();
        netIn.flip();
        try {
            SSLEngineResult r = engine.unwrap(netIn, appIn);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new SSLException("a record larger than the session's application buffer");
            }
            return r;
        } finally {
            netIn.compact();
            appIn.flip();
        }
    }

    // ---- outbound (the owner of the send side)

    /** Whether the engine has a message of its own to send (a post-handshake reply or an alert). */
    public boolean wantsWrap() {
        return engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /** Whether ciphertext waits in {@link #outbound()}. */
    public boolean hasOutbound() {
        return netOut != null && netOut.hasRemaining();
    }

    /** The ciphertext to write (read mode); empty when there is none. */
    public ByteBuffer outbound() {
        return netOut != null ? netOut : EMPTY;
    }

    /**
     * Encrypts one record of {@code src} (at most 16 KiB of it; none, when the engine first sends a message
     * of its own) into {@link #outbound()}, which must be empty.
     *
     * @throws SSLException when the engine is closed or broken
     */
    public void encrypt(ByteBuffer src) throws SSLException {
        SSLEngineResult r = wrap(src);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLException("TLS connection closed");
        }
    }

    /** Closes the outbound side: {@link #outbound()} then holds the close_notify alert (if none was sent yet). */
    public void closeOutbound() {
        engine.closeOutbound();
        try {
            wrap(EMPTY);
        } catch (SSLException e) {
            // nothing to say goodbye with
        }
    }

    /** Gives the pooled outbound buffer back once it is written out. */
    public void releaseOut() {
        if (netOut != null && !netOut.hasRemaining()) {
            TlsBuffers.release(netOut);
            netOut = null;
        }
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        if (netOut == null) {
            netOut = TlsBuffers.acquire(engine.getSession().getPacketBufferSize());
        } else {
            netOut.clear();
        }
        for (; ; ) {
            SSLEngineResult r;
            try {
                r = engine.wrap(src, netOut);
            } finally {
                netOut.flip();
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return r;
            }
            if (netOut.hasRemaining()) {
                return r; // what was made goes first; the caller comes back for the rest
            }
            TlsBuffers.release(netOut);
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 2);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Gives every pooled buffer back; the connection is gone. */
    public void release() {
        if (netOut != null) {
            TlsBuffers.release(netOut);
            netOut = null;
        }
        releaseApp();
    }

    private void releaseApp() {
        if (appIn != null && !appIn.hasRemaining()) {
            TlsBuffers.release(appIn);
            appIn = null;
        }
    }
}
