package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KilledException;
import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.net.CoSocket;
import dev.weft.net.Connection;
import dev.weft.net.ConnectionHandler;
import dev.weft.net.ConnectionStatus;
import dev.weft.net.ErrorHandler;
import dev.weft.net.MessageHandler;
import dev.weft.net.NetServer;
import dev.weft.net.protocol.ProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP connection of a network worker. One coroutine per connection reads, decodes and runs the
 * callbacks ({@link #run()}); sends never block: they go straight to the socket when it accepts
 * them, otherwise to a bounded send buffer that a writer coroutine drains ({@link Outbound}).
 *
 * <p>A {@code cancel} of the connection's coroutine aborts only the operation it waits in: a wait
 * for input is retried, so the connection keeps serving; a {@code kill} closes it cleanly.
 */
public final class TcpConnection implements Connection {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");
    private static final int INITIAL_BUFFER = 16 * 1024;

    private final long id;
    private final CoSocket socket;
    private final Listener server;
    private final Driver driver;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Outbound outbound;
    private final Map<String, Object> context = new ConcurrentHashMap<>();
    private final String resumeEvent;
    private volatile ConnectionStatus status = ConnectionStatus.ESTABLISHED;
    private volatile boolean paused;
    private volatile long bytesRead;
    private volatile int recvQueued;
    private volatile Coroutine reader;
    private volatile boolean closeNotified;

    /** Wraps an accepted socket of {@code server}; {@link #run()} then serves it. */
    public TcpConnection(CoSocket socket, Listener server) throws IOException {
        this.id = NetCounters.nextId();
        this.socket = socket;
        this.server = server;
        this.remote = (InetSocketAddress) socket.remoteAddress();
        this.local = (InetSocketAddress) socket.localAddress();
        this.outbound = new Outbound(this, socket, server.options().maxSendBufferSize());
        this.driver = Driver.forScheme(server.url().scheme(), server);
        this.resumeEvent = "connection.resume#" + id;
    }

    /** The body of the connection's coroutine: read, decode, dispatch, until closed. */
    public void run() {
        reader = Co.current();
        NetCounters.opened(this);
        try {
            if (callback(server.onConnect())) {
                readLoop();
            }
        } catch (KilledException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + " killed: closing");
        } finally {
            if (status == ConnectionStatus.ESTABLISHED) {
                close();
            }
            outbound.awaitFlushed(server.options().closeFrameWait());
            destroy();
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(INITIAL_BUFFER);
        while (status == ConnectionStatus.ESTABLISHED || driver.readsWhileClosing()) {
            if (paused) {
                if (!awaitResume()) {
                    continue;
                }
                // Messages that arrived with the one that paused are still buffered: decode them
                // now, since the peer may send nothing more until it gets their replies.
                if (buf.position() > 0) {
                    if ((buf = consume(buf)) == null) {
                        return;
                    }
                    continue;
                }
            }
            int n;
            try {
                n = socket.read(buf, driver.readTimeout());
            } catch (IOException e) {
                if (status == ConnectionStatus.ESTABLISHED) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + " read failed: " + e.getMessage());
                }
                return;
            }
            if (n < 0) {
                return;
            }
            if (n == 0) {
                if (Co.lastError() == CoError.CO_TIMEDOUT && driver.onReadTimeout(this)) {
                    return;
                }
                continue;
            }
            bytesRead += n;
            if ((buf = consume(buf)) == null) {
                return;
            }
        }
    }

    /** Decodes what {@code buf} holds and keeps the rest for the next read; null when the connection must end. */
    private ByteBuffer consume(ByteBuffer buf) {
        buf.flip();
        return decode(buf) ? compact(buf) : null;
    }

    /** Runs the driver over the received bytes; false when the connection must end. */
    private boolean decode(ByteBuffer buf) {
        try {
            driver.onBytes(this, buf);
            recvQueued = buf.remaining();
            return true;
        } catch (ProtocolException e) {
            protocolError(e.getMessage());
            driver.onProtocolError(this, e);
            return false;
        }
    }

    /** Keeps the unconsumed bytes; grows the buffer up to the package limit. */
    private ByteBuffer compact(ByteBuffer buf) {
        buf.compact();
        if (buf.hasRemaining()) {
            return buf;
        }
        int max = server.options().maxPackageSize();
        if (buf.capacity() >= max + INITIAL_BUFFER) {
            protocolError("package larger than maxPackageSize " + max + " bytes");
            return null;
        }
        int grown = (int) Math.min((long) buf.capacity() * 2, (long) max + INITIAL_BUFFER);
        return ByteBuffer.allocate(grown).put(buf.flip());
    }

    void protocolError(String message) {
        LOG.log(System.Logger.Level.INFO, "connection " + id + " from " + remote + ": " + message + "; closing");
        ErrorHandler h = server.onError();
        if (h != null) {
            h.onError(this, ErrorHandler.PROTOCOL_ERROR, message);
        }
    }

    /** Hands a decoded message to onMessage, counted as a request. */
    boolean dispatch(Object message) {
        NetCounters.countRequest();
        MessageHandler<Object> h = server.onMessage();
        return h == null || callback(c -> h.onMessage(c, message));
    }

    /** Runs a connection callback; false (and the connection closes) if it threw. A kill passes through. */
    boolean callback(ConnectionHandler h) {
        if (h == null) {
            return true;
        }
        try {
            h.handle(this);
            return true;
        } catch (KilledException e) {
            throw e;
        } catch (Exception | Error e) {
            callbackFailed(e);
            return false;
        }
    }

    private void callbackFailed(Throwable e) {
        NetCounters.countException();
        LOG.log(
                System.Logger.Level.WARNING,
                "connection " + id + " from " + remote + ": callback failed; closing it",
                e);
        ErrorHandler h = server.onError();
        if (h != null) {
            h.onError(this, ErrorHandler.CALLBACK_FAILED, String.valueOf(e));
        }
        close();
    }

    private boolean awaitResume() {
        Co.waitFor(resumeEvent, () -> !paused || status != ConnectionStatus.ESTABLISHED, null);
        return !paused;
    }

    @Override
    public boolean send(Object message) {
        if (status != ConnectionStatus.ESTABLISHED) {
            return false;
        }
        return driver.send(this, message);
    }

    /** Queues encoded bytes (copied if they cannot be written at once). */
    boolean sendBytes(ByteBuffer bytes) {
        return outbound.send(bytes);
    }

    /** Writes bytes in order after everything queued, suspending the caller: for file and stream bodies. */
    void writeBlocking(ByteBuffer bytes) throws IOException {
        outbound.writeBlocking(bytes);
    }

    @Override
    public void close() {
        if (status != ConnectionStatus.ESTABLISHED) {
            return;
        }
        status = ConnectionStatus.CLOSING;
        driver.closing(this);
        Co.wakeup(resumeEvent);
        interruptRead();
    }

    @Override
    public void close(Object message) {
        send(message);
        close();
    }

    /** Interrupts the reader's wait for input (not a wait of the user's callback) so it re-checks its state. */
    void interruptRead() {
        Coroutine r = reader;
        if (r != null && r != Co.current()) {
            Suspension s = r.suspension();
            if (s != null && s.event().startsWith("socket.read")) {
                s.cancel();
            }
        }
    }

    /** Closes the socket and runs onClose, once. */
    void destroy() {
        status = ConnectionStatus.CLOSED;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + id + " close: " + e.getMessage());
        }
        outbound.discard();
        synchronized (this) {
            if (closeNotified) {
                return;
            }
            closeNotified = true;
        }
        NetCounters.closed(this);
        server.connectionClosed(this);
        callback(server.onClose());
    }

    /** Stop reading new messages without closing; see {@link #resumeRecv()}. */
    public void pauseRecv() {
        paused = true;
    }

    /** Resume reading after {@link #pauseRecv()}. */
    public void resumeRecv() {
        paused = false;
        Co.wakeup(resumeEvent);
    }

    /** Whether receiving is paused. */
    public boolean isPaused() {
        return paused;
    }

    /** Closes the connection the way a retiring worker does: see {@link NetServer#retire()}. */
    public void retire() {
        driver.retire(this);
    }

    /** Whether the connection is between messages (nothing half-read, no request in progress). */
    boolean idle() {
        return driver.idle();
    }

    void bufferFull() {
        callback(server.onBufferFull());
    }

    void sendFailed() {
        NetCounters.countSendFail();
        ErrorHandler h = server.onError();
        if (h != null) {
            h.onError(
                    this, ErrorHandler.SEND_FAIL, "send buffer full (" + outbound.limit() + " bytes): message dropped");
        }
    }

    void bufferDrained() {
        callback(server.onBufferDrain());
    }

    Listener server() {
        return server;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public ConnectionStatus status() {
        return status;
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public long bytesWritten() {
        return outbound.written();
    }

    /** Bytes waiting in the send buffer. */
    public int sendQueueSize() {
        return outbound.queued();
    }

    /** Bytes received and not yet decoded into a message. */
    public int recvQueueSize() {
        return recvQueued;
    }

    /** The send buffer limit (bytes). */
    public int maxSendBufferSize() {
        return outbound.limit();
    }

    /** Changes this connection's send buffer limit. */
    public void maxSendBufferSize(int bytes) {
        outbound.limit(bytes);
    }

    /** The coroutine that reads this connection and runs its callbacks. */
    public Coroutine coroutine() {
        return reader;
    }

    /** The listener's protocol name ({@code http}, {@code websocket}, {@code text}, ...). */
    public String protocol() {
        return server.url().scheme();
    }

    @Override
    public Map<String, Object> context() {
        return context;
    }

    /** A row of the {@code connections} listing. */
    public Map<String, Object> row() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("protocol", protocol());
        m.put("local", local.getAddress().getHostAddress() + ":" + local.getPort());
        m.put("remote", remote.getAddress().getHostAddress() + ":" + remote.getPort());
        m.put("status", status.name());
        m.put("bytes_read", bytesRead);
        m.put("bytes_written", bytesWritten());
        m.put("send_queue", sendQueueSize());
        m.put("recv_queue", recvQueued);
        Coroutine r = reader;
        m.put("coroutine", r == null ? -1 : r.id());
        return m;
    }

    @Override
    public String toString() {
        return "TcpConnection#" + id + "(" + remote + " -> " + local + ", " + status + ")";
    }
}
