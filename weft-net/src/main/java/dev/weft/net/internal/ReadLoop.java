package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Deadline;
import dev.weft.coroutine.net.CoSocket;
import dev.weft.net.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The inbound end of a connection: reads the socket into one receive buffer and hands the bytes to
 * the {@link Driver}, which decodes them and fires messages up; keeps the undecoded rest for the
 * next read, growing the buffer up to {@code maxPackageSize}. The buffer comes from
 * {@link ReceiveBuffers} and goes back when the loop ends. Runs in the connection's coroutine
 * until the connection must end.
 *
 * <p>A cancel of that coroutine aborts only the wait it is in: a wait for input is simply retried.
 *
 * <p>Time limits: before each wait for input the driver names its deadline
 * ({@link Driver#waitDeadline}), which arms the connection's one {@link Deadline}; when it passes,
 * the wait ends and the driver decides ({@link Driver#onWaitDeadline}): answer and close, send a
 * ping, or close quietly. Nothing is allocated per request: re-arming is a volatile write.
 * On a TLS connection the reads go through the {@link TlsWire}, which hands over decrypted bytes.
 */
final class ReadLoop {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");
    private static final int INITIAL_BUFFER = ReceiveBuffers.SIZE;
    /** {@link #read}'s result when the driver's deadline passed before any byte came. */
    private static final int DEADLINE = -2;

    private final CoSocket socket;
    private final Driver driver;
    private final DriverContext ctx;
    private final ConnectionStats stats;
    private final RecvPause pause;
    private final ReadInterrupt interrupt;
    private final int maxPackageSize;
    /** The connection's one deadline, made in the loop's coroutine (so on its event loop) when first needed. */
    private Deadline deadline;
    /** TLS, or null on a plain connection. */
    private final TlsWire tls;
    /** The receive buffer: from {@link ReceiveBuffers} while the loop runs, in write mode between reads. */
    private ByteBuffer buf;

    ReadLoop(
            CoSocket socket,
            Driver driver,
            DriverContext ctx,
            ConnectionStats stats,
            RecvPause pause,
            ReadInterrupt interrupt,
            int maxPackageSize,
            TlsWire tls) {
        this.socket = socket;
        this.driver = driver;
        this.ctx = ctx;
        this.stats = stats;
        this.pause = pause;
        this.interrupt = interrupt;
        this.maxPackageSize = maxPackageSize;
        this.tls = tls;
    }

    /** Reads and decodes until the peer closes, the connection closes or the protocol fails. */
    void run() {
        // Direct memory pays only where the socket reads into it. Under TLS the engine decrypts in its own
        // heap buffer and copies the plaintext here, and the decoders scan a heap buffer's array directly.
        buf = ReceiveBuffers.SHARED.acquire(driver.directReceiveBuffer() && tls == null);
        try {
            serve();
        } finally {
            ReceiveBuffers.SHARED.release(buf);
            buf = null;
            // Off the loop's timer queue now: a lapsed entry would keep this connection reachable until
            // its limit (a minute or more), tens of thousands of them under fresh-connection load.
            if (deadline != null) {
                deadline.close();
            }
        }
    }

    private void serve() {
        while (ctx.established() || driver.readsWhileClosing()) {
            if (pause.paused()) {
                if (!pause.await(() -> !ctx.established())) {
                    continue;
                }
                // Messages that arrived with the one that paused are still buffered: decode them
                // now, since the peer may send nothing more until it gets their replies.
                if (buf.position() > 0) {
                    if (!consume()) {
                        return;
                    }
                    continue;
                }
            }
            int n = read(buf);
            if (n == DEADLINE) {
                if (driver.onWaitDeadline()) {
                    return;
                }
                continue;
            }
            if (n < 0) {
                return;
            }
            if (n == 0) {
                if (Co.lastError() == CoError.CO_TIMEDOUT && driver.onReadTimeout()) {
                    return;
                }
                continue;
            }
            stats.read(n);
            if (!consume()) {
                return;
            }
        }
    }

    /**
     * One socket read, interruptible by {@link ReadInterrupt}, under the driver's deadline: -1 at end of
     * stream or on failure, {@link #DEADLINE} when the deadline passed first.
     */
    private int read(ByteBuffer into) {
        long limit = driver.waitDeadline(System.nanoTime());
        if (limit != 0) {
            armDeadline(limit);
        }
        interrupt.enter();
        try {
            // Re-checked after enter(): a close() that saw no read in progress is seen here, and
            // the loop ends as its own condition would.
            if (!ctx.established() && !driver.readsWhileClosing()) {
                return -1;
            }
            // Likewise an expiry that came before enter() (the timer then found no read to end).
            if (limit != 0 && deadline.hasPassed()) {
                return DEADLINE;
            }
            // Nothing half-received: waiting for the next message is an idle wait, not stuck work.
            boolean idle = into.position() == 0;
            int n = tls == null
                    ? socket.read(into, driver.readTimeout(), idle)
                    : tls.read(into, driver.readTimeout(), idle);
            return n == 0 && limit != 0 && deadline.hasPassed() ? DEADLINE : n;
        } catch (IOException e) {
            if (ctx.established()) {
                LOG.log(System.Logger.Level.DEBUG, () -> ctx.connection() + " read failed: " + e.getMessage());
            }
            return -1;
        } finally {
            if (limit != 0) {
                deadline.disarm();
            }
            interrupt.exit();
        }
    }

    private void armDeadline(long limit) {
        Deadline d = deadline;
        if (d == null) {
            d = Deadline.create(x -> interrupt.expire());
            deadline = d;
        }
        d.arm(limit);
    }

    /** Decodes what the buffer holds and keeps the rest for the next read; false when the connection must end. */
    private boolean consume() {
        buf.flip();
        return decode(buf) && compact();
    }

    /** Runs the driver over the received bytes; false when the connection must end. */
    private boolean decode(ByteBuffer received) {
        try {
            driver.onBytes(received);
            stats.recvQueued(received.remaining());
            return true;
        } catch (ProtocolException e) {
            ctx.protocolError(e.getMessage());
            driver.onProtocolError(e);
            return false;
        }
    }

    /** Keeps the unconsumed bytes; grows the buffer (on the heap) up to the package limit. */
    private boolean compact() {
        buf.compact();
        if (buf.hasRemaining()) {
            return true;
        }
        if (buf.capacity() >= maxPackageSize + INITIAL_BUFFER) {
            ctx.protocolError("package larger than maxPackageSize " + maxPackageSize + " bytes");
            return false;
        }
        int grown = (int) Math.min((long) buf.capacity() * 2, (long) maxPackageSize + INITIAL_BUFFER);
        ByteBuffer old = buf;
        buf = ByteBuffer.allocate(grown).put(old.flip());
        ReceiveBuffers.SHARED.release(old);
        return true;
    }
}
