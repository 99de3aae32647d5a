package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KilledException;
import dev.weft.coroutine.net.CoSocket;
import dev.weft.net.BinaryConnection;
import dev.weft.net.Connection;
import dev.weft.net.ConnectionStatus;
import dev.weft.net.HttpConnection;
import dev.weft.net.TextConnection;
import dev.weft.net.WebSocketConnection;
import dev.weft.net.http.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP connection of a network worker: the public {@link Connection} and the owner of its parts.
 * One coroutine per connection runs {@link #run()}: onConnect, then the {@link ReadLoop} (read,
 * decode through the {@link Driver}, fire onMessage), then close and onClose. Sends never block:
 * the driver encodes and the {@link Outbound} writes straight to the socket, or queues what it
 * does not take for a writer coroutine.
 *
 * <p>The parts, each with one concern: {@link ReadLoop} (inbound bytes), {@link Driver} (the
 * protocol, talking only to its {@link DriverContext}), {@link Outbound} (outbound bytes),
 * {@link CallbackGuard} (user callbacks and onError), {@link RecvPause} (pauseRecv/resumeRecv),
 * {@link ReadInterrupt} (interrupting the wait for input) and {@link ConnectionStats}.
 *
 * <p>A {@code cancel} of the connection's coroutine aborts only the operation it waits in: a wait
 * for input is retried, so the connection keeps serving; a {@code kill} closes it cleanly.
 *
 * <p>On a TLS listener a {@link TlsWire} sits between the socket and the read loop and outbound: the
 * handshake runs first, in the connection's coroutine, and onConnect only after it completed; a failed
 * or timed-out handshake closes the connection without onConnect or onClose (counted, logged at debug
 * level). Sends before the handshake completed return false.
 *
 * <p>It is every typed view at once ({@link HttpConnection}, {@link WebSocketConnection}, ...): each
 * typed {@code send} goes to the same driver as {@link #send(Object)}; the typed listeners hand a
 * handler only the view of their own scheme.
 */
public final class TcpConnection
        implements Connection, HttpConnection, WebSocketConnection, TextConnection, BinaryConnection {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");

    private final long id;
    private final CoSocket socket;
    private final Listener listener;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Map<String, Object> context = new ConcurrentHashMap<>();
    private final ConnectionStats stats = new ConnectionStats();
    private final ReadInterrupt readInterrupt = new ReadInterrupt();
    private final RecvPause pause;
    private final CallbackGuard guard;
    private final Outbound outbound;
    private final Driver driver;
    private final ReadLoop readLoop;
    /** TLS, or null on a plain connection. */
    private final TlsWire tls;

    private volatile ConnectionStatus status = ConnectionStatus.ESTABLISHED;
    private volatile boolean closeNotified;
    /** Whether onConnect ran (or was tried): only then does onClose run. */
    private volatile boolean connected;

    /** Wraps an accepted socket of {@code listener}; {@link #run()} then serves it. */
    public TcpConnection(CoSocket socket, Listener listener) throws IOException {
        this.id = NetCounters.nextId();
        this.socket = socket;
        this.listener = listener;
        this.remote = inet(socket.remoteAddress());
        this.local = inet(socket.localAddress());
        this.pause = new RecvPause(id);
        this.guard = new CallbackGuard(this, listener);
        this.tls = listener.tls() == null ? null : new TlsWire(listener.tls().newEngine(), socket, this);
        this.outbound = new Outbound(id, socket, listener.options().maxSendBufferSize(), guard, listener, tls);
        if (tls != null) {
            tls.onReplyNeeded(outbound::tlsReply);
        }
        DriverContext ctx = new DriverContext(this, listener, guard, outbound, pause, readInterrupt);
        this.driver = Driver.forScheme(listener.url().scheme(), listener, ctx);
        this.readLoop = new ReadLoop(
                socket,
                driver,
                ctx,
                stats,
                pause,
                readInterrupt,
                listener.options().maxPackageSize(),
                tls);
    }

    /**
     * The address as an {@link InetSocketAddress}: a Unix domain socket's is an unresolved one whose
     * host is {@code unix:<path>} (the peer's path is usually empty) and whose port is 0.
     */
    private static InetSocketAddress inet(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i;
        }
        String path = a instanceof UnixDomainSocketAddress u ? u.getPath().toString() : "";
        return InetSocketAddress.createUnresolved("unix:" + path, 0);
    }

    /** The body of the connection's coroutine: onConnect, read and dispatch until closed, onClose. */
    public void run() {
        readInterrupt.bind(Co.current());
        NetCounters.opened(this);
        try {
            if (tls != null
                    && !tls.handshake(
                            listener.tls().handshakeTimeout(),
                            readInterrupt,
                            () -> status == ConnectionStatus.ESTABLISHED)) {
                return;
            }
            connected = true;
            if (guard.run(listener.onConnect())) {
                readLoop.run();
            }
        } catch (KilledException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> this + " killed: closing");
        } finally {
            if (status == ConnectionStatus.ESTABLISHED) {
                close();
            }
            outbound.awaitFlushed(listener.options().closeFrameWait());
            destroy();
        }
    }

    @Override
    public boolean send(Object message) {
        if (status != ConnectionStatus.ESTABLISHED) {
            return false;
        }
        return driver.send(message);
    }

    @Override
    public boolean send(Response response) {
        return send((Object) response);
    }

    @Override
    public boolean send(String text) {
        return send((Object) text);
    }

    @Override
    public boolean send(byte[] data) {
        return send((Object) data);
    }

    @Override
    public void close(Response response) {
        close((Object) response);
    }

    @Override
    public void close() {
        if (status != ConnectionStatus.ESTABLISHED) {
            return;
        }
        status = ConnectionStatus.CLOSING;
        driver.closing();
        pause.wake();
        readInterrupt.interrupt();
    }

    @Override
    public void close(Object message) {
        send(message);
        close();
    }

    /** Closes the socket and runs onClose, once. */
    private void destroy() {
        status = ConnectionStatus.CLOSED;
        outbound.closeTls();
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> this + " close: " + e.getMessage());
        }
        outbound.discard();
        driver.released();
        synchronized (this) {
            if (closeNotified) {
                return;
            }
            closeNotified = true;
        }
        NetCounters.closed(this);
        listener.connectionClosed(this);
        if (connected) {
            guard.run(listener.onClose());
        }
    }

    @Override
    public void pauseRecv() {
        pause.pause();
    }

    @Override
    public void resumeRecv() {
        pause.resume();
    }

    /** Whether receiving is paused. */
    public boolean isPaused() {
        return pause.paused();
    }

    /** Closes the connection the way a retiring worker does: see {@link dev.weft.net.server.NetServer#retire()}. */
    public void retire() {
        driver.retire();
    }

    /**
     * Answers a request whose handler has not answered within the listener's response timeout
     * (HTTP: 503); called by the listener's sweeper with {@link System#nanoTime()}.
     */
    public void checkDeadline(long nowNanos) {
        if (status == ConnectionStatus.ESTABLISHED) {
            driver.checkDeadline(nowNanos);
        }
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
        return stats.bytesRead();
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
        return stats.recvQueued();
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
        return readInterrupt.reader();
    }

    /** The listener's protocol name ({@code http}, {@code websocket}, {@code text}, ...). */
    public String protocol() {
        return listener.url().scheme();
    }

    @Override
    public Map<String, Object> context() {
        return context;
    }

    /** A row of the {@code connections} listing. */
    public Map<String, Object> row() {
        return ConnectionStats.row(this);
    }

    @Override
    public String toString() {
        return "TcpConnection#" + id + "(" + remote + " -> " + local + ", " + status + ")";
    }
}
