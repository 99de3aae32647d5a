package dev.weft.net.server;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.net.CoServerSocket;
import dev.weft.coroutine.net.CoSocket;
import dev.weft.net.Callbacks;
import dev.weft.net.ConnectionHandler;
import dev.weft.net.ErrorHandler;
import dev.weft.net.ListenUrl;
import dev.weft.net.MessageHandler;
import dev.weft.net.NetOptions;
import dev.weft.net.TlsConfig;
import dev.weft.net.WebSocketConnectHandler;
import dev.weft.net.internal.Listener;
import dev.weft.net.internal.TcpConnection;
import dev.weft.net.internal.tls.ServerTls;
import dev.weft.net.protocol.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves one listener in one process: an acceptor (a system coroutine) takes connections off the
 * listening socket — usually one the master opened and shares with every worker process of the
 * Worker — and starts one coroutine per connection.
 *
 * <p>Shutting down goes in steps a master can drive: {@link #stopAccepting()}, then either
 * {@link #retire()} (finish what was read, close keep-alive connections between requests,
 * WebSocket with 1001) and {@link #awaitIdle(Duration)}, or {@link #closeAll()}.
 *
 * <p>With a {@link TlsConfig} (required by {@code https://} and {@code wss://}, optional for the other
 * stream schemes) every connection speaks TLS; the key and certificate files are read by
 * {@link #start}.
 */
public final class NetServer {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");

    private final ListenUrl url;
    private final Callbacks callbacks;
    private final Listener hooks = new Hooks();
    private final NetOptions options;
    private final Protocol<?, ?> customProtocol;
    private final TlsConfig tlsConfig;
    private volatile ServerTls tls;
    private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
    private final String idleEvent;
    private volatile CoServerSocket listener;
    private volatile Coroutine acceptor;
    private volatile boolean accepting;

    /**
     * Creates a server for {@code url}.
     *
     * @param customProtocol the protocol of a scheme Weft does not know, else null
     * @throws IllegalArgumentException if the scheme is neither built in nor given a protocol
     */
    public NetServer(ListenUrl url, Callbacks callbacks, NetOptions options, Protocol<?, ?> customProtocol) {
        this(url, callbacks, options, customProtocol, null);
    }

    /**
     * Creates a server for {@code url}, speaking TLS when {@code tls} is given.
     *
     * @param customProtocol the protocol of a scheme Weft does not know, else null
     * @param tls the keys and certificates; null for a plain listener
     * @throws IllegalArgumentException if the scheme is neither built in nor given a protocol, or is
     *     {@code https}/{@code wss} without {@code tls}
     */
    public NetServer(
            ListenUrl url, Callbacks callbacks, NetOptions options, Protocol<?, ?> customProtocol, TlsConfig tls) {
        if (url.tls() && tls == null) {
            throw new IllegalArgumentException(url + " needs a certificate and its key: give the Worker"
                    + " ssl(TlsConfig.pem(chain, key)) or ssl(TlsConfig.pkcs12(file, password))");
        }
        this.tlsConfig = tls;
        if (!ListenUrl.BUILT_IN.contains(url.scheme()) && customProtocol == null) {
            throw new IllegalArgumentException("unknown protocol '" + url.scheme() + "' in " + url
                    + " (built in: tcp, text, frame, http, websocket, udp; or give the Worker a Protocol)");
        }
        if (url.isUdp()) {
            throw new IllegalArgumentException("udp listeners are served by UdpServer, not NetServer");
        }
        this.url = url;
        this.callbacks = callbacks;
        this.options = options;
        this.customProtocol = customProtocol;
        this.idleEvent = "net.idle " + url;
    }

    /**
     * Starts accepting on {@code channel} (shared by the master), or on a socket bound to the URL's
     * address when {@code channel} is null.
     */
    public void start(ServerSocketChannel channel) throws IOException {
        if (tlsConfig != null) {
            boolean http = url.scheme().equals("http") || url.scheme().equals("websocket");
            ServerTls t = ServerTls.load(tlsConfig, http);
            tls = t;
            LOG.log(System.Logger.Level.DEBUG, () -> url + ": TLS with " + t.describe());
        }
        if (channel == null) {
            if (url.isUnix()) {
                channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                channel = ServerSocketChannel.open();
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            channel.bind(url.socketAddress(), 1024);
        }
        listener = CoServerSocket.wrap(channel);
        accepting = true;
        acceptor = Co.goSystem("acceptor " + url, this::acceptLoop);
        if (options.hasResponseTimeout() && url.scheme().equals("http")) {
            Co.goSystem("response-timeout " + url, this::sweepOverdue);
        }
    }

    /**
     * With a response timeout: looks at every connection a few times per timeout and lets it answer
     * a request its handler has held too long (503). One coroutine per listener, so the request path
     * itself schedules nothing. Ends once the listener stopped accepting and has no connection left.
     */
    private void sweepOverdue() {
        long timeout = options.responseTimeout().toNanos();
        Duration period = Duration.ofNanos(Math.clamp(timeout / 4, 10_000_000L, 1_000_000_000L));
        while (accepting || !connections.isEmpty()) {
            Co.sleep(period); // a cancel only ends this sleep early
            long now = System.nanoTime();
            for (TcpConnection c : connections) {
                c.checkDeadline(now);
            }
        }
    }

    private void acceptLoop() {
        while (accepting) {
            CoSocket socket;
            try {
                socket = listener.accept(null);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (accepting) {
                    LOG.log(System.Logger.Level.WARNING, "accept on " + url + " failed: " + e.getMessage());
                }
                continue;
            }
            if (socket != null) {
                open(socket);
            }
        }
    }

    private void open(CoSocket socket) {
        TcpConnection c;
        try {
            if (!url.isUnix()) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            c = new TcpConnection(socket, hooks);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection setup failed: " + e.getMessage());
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already failing: nothing more to tell.
            }
            return;
        }
        connections.add(c);
        Co.go("connection#" + c.id() + " " + url.scheme(), c::run);
    }

    /** Stops accepting and closes this process's copy of the listening socket (other processes keep theirs). */
    public void stopAccepting() {
        accepting = false;
        Coroutine a = acceptor;
        if (a != null) {
            Co.cancel(a.id());
        }
        CoServerSocket l = listener;
        if (l != null) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "closing listener: " + e.getMessage());
            }
        }
    }

    /**
     * Retires every connection: requests already read are answered, keep-alive HTTP connections
     * close between requests ({@code Connection: close} on the last response), WebSocket ones get a
     * 1001 close frame, others close after flushing.
     */
    public void retire() {
        connections.forEach(TcpConnection::retire);
    }

    /** Closes every connection after flushing what is queued. */
    public void closeAll() {
        connections.forEach(TcpConnection::close);
    }

    /** Waits until no connection is left, at most {@code max}; true if none is left. */
    public boolean awaitIdle(Duration max) {
        return Co.waitFor(idleEvent, connections::isEmpty, max);
    }

    private void connectionClosed(TcpConnection c) {
        connections.remove(c);
        if (connections.isEmpty()) {
            Co.wakeup(idleEvent);
        }
    }

    /** The open connections of this listener. */
    public List<TcpConnection> connections() {
        return new ArrayList<>(connections);
    }

    /**
     * One row per open connection, for the {@code connections} command: id, protocol, local and
     * remote address, status, bytes read and written, queue sizes and the reader coroutine's id.
     */
    public List<Map<String, Object>> connectionRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TcpConnection c : connections) {
            rows.add(c.row());
        }
        return rows;
    }

    /** How many connections are open. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * The address the listener is bound to.
     *
     * @throws IllegalStateException for a Unix domain socket listener (its address is {@link ListenUrl#unixPath()})
     */
    public InetSocketAddress localAddress() throws IOException {
        if (listener.localAddress() instanceof InetSocketAddress a) {
            return a;
        }
        throw new IllegalStateException(url + " listens on a Unix domain socket, not an IP address");
    }

    /** Whether the acceptor is running. */
    public boolean isAccepting() {
        return accepting;
    }

    /** The listener's URL. */
    public ListenUrl url() {
        return url;
    }

    /** The connection settings. */
    public NetOptions options() {
        return options;
    }

    /** Whether connections speak TLS. */
    public boolean isTls() {
        return tlsConfig != null;
    }

    /** The server as its connections see it; private so none of it is public API. */
    private final class Hooks implements Listener {
        @Override
        public ListenUrl url() {
            return url;
        }

        @Override
        public NetOptions options() {
            return options;
        }

        @Override
        public ServerTls tls() {
            return tls;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <I, O> Protocol<I, O> customProtocol() {
            return (Protocol<I, O>) customProtocol;
        }

        @Override
        public void connectionClosed(TcpConnection c) {
            NetServer.this.connectionClosed(c);
        }

        @Override
        public ConnectionHandler onConnect() {
            return callbacks.onConnect();
        }

        @Override
        public MessageHandler<Object> onMessage() {
            return callbacks.onMessage();
        }

        @Override
        public MessageHandler<byte[]> onBinary() {
            return callbacks.onBinary();
        }

        @Override
        public ConnectionHandler onClose() {
            return callbacks.onClose();
        }

        @Override
        public ErrorHandler onError() {
            return callbacks.onError();
        }

        @Override
        public ConnectionHandler onBufferFull() {
            return callbacks.onBufferFull();
        }

        @Override
        public ConnectionHandler onBufferDrain() {
            return callbacks.onBufferDrain();
        }

        @Override
        public WebSocketConnectHandler onWebSocketConnect() {
            return callbacks.onWebSocketConnect();
        }
    }
}
