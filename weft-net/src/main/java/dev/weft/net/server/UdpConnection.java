package dev.weft.net.server;

import dev.weft.net.BinaryConnection;
import dev.weft.net.Connection;
import dev.weft.net.ConnectionStatus;
import dev.weft.net.ErrorHandler;
import dev.weft.net.internal.NetCounters;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sender of one datagram, as Workerman's {@code UdpConnection}: {@link #send(Object)} replies
 * to that peer from the listener's socket. There is no connection to close: {@link #close()} only
 * makes later sends on this object return false, and {@link #close(Object)} sends a last reply.
 * A new object is made for every datagram, so {@link #context()} lives as long as one message.
 */
public final class UdpConnection implements Connection, BinaryConnection {
    private final long id = NetCounters.nextId();
    private final UdpServer server;
    private final InetSocketAddress remote;
    private final long bytesRead;
    private volatile long bytesWritten;
    private volatile ConnectionStatus status = ConnectionStatus.ESTABLISHED;
    private Map<String, Object> context;

    UdpConnection(UdpServer server, InetSocketAddress remote, long bytesRead) {
        this.server = server;
        this.remote = remote;
        this.bytesRead = bytesRead;
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
        return server.localAddress();
    }

    /**
     * Sends {@code message} as one datagram to the peer, encoded by the listener's protocol
     * ({@code byte[]}, {@code String} as UTF-8 or a {@code ByteBuffer} without one). Never waits.
     *
     * @return false after {@link #close()}, or if the socket's send buffer had no room (the
     *         datagram is then dropped and {@code send_fail} counted)
     */
    @Override
    public boolean send(Object message) {
        if (status != ConnectionStatus.ESTABLISHED) {
            return false;
        }
        var bytes = server.encode(message);
        int n = bytes.remaining();
        if (!server.sendTo(bytes, remote)) {
            server.error(this, ErrorHandler.SEND_FAIL, "udp send buffer full: datagram to " + remote + " dropped");
            return false;
        }
        bytesWritten += n;
        return true;
    }

    /** Sends {@code data} as one datagram to the peer; see {@link #send(Object)}. */
    @Override
    public boolean send(byte[] data) {
        return send((Object) data);
    }

    /** A datagram socket has no stream to pause: does nothing. */
    @Override
    public void pauseRecv() {}

    /** A datagram socket has no stream to pause: does nothing. */
    @Override
    public void resumeRecv() {}

    /** Makes later sends on this object fail; the socket stays open for every other peer. */
    @Override
    public void close() {
        status = ConnectionStatus.CLOSED;
    }

    /** Sends a last reply, then {@link #close()}. */
    @Override
    public void close(Object message) {
        send(message);
        close();
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
        return bytesWritten;
    }

    @Override
    public synchronized Map<String, Object> context() {
        if (context == null) {
            context = new ConcurrentHashMap<>();
        }
        return context;
    }

    @Override
    public String toString() {
        return "UdpConnection#" + id + "(" + remote + " -> " + server.url() + ")";
    }
}
