package dev.weft.net;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KilledException;
import dev.weft.coroutine.net.CoDatagramSocket;
import dev.weft.net.internal.NetCounters;
import dev.weft.net.internal.protocol.RawProtocol;
import dev.weft.net.protocol.Protocol;
import dev.weft.net.protocol.ProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * Serves one {@code udp://} listener in one process, as Workerman does: a receive loop (a system
 * coroutine) takes datagrams off the socket — usually one the master opened and shares with every
 * worker process of the Worker — decodes each with the listener's protocol and calls
 * {@code onMessage} with a {@link UdpConnection} that replies to the datagram's sender.
 *
 * <p><b>Decoding.</b> Without a protocol a message is the datagram's bytes ({@code byte[]}). With a
 * {@link Protocol}, one datagram may hold several packets, each dispatched in order; bytes left
 * over that are not a whole packet are dropped, because a datagram is never continued by the next
 * one. A packet that breaks the protocol drops the rest of that datagram and calls
 * {@code onError} with {@link ErrorHandler#PROTOCOL_ERROR}.
 *
 * <p><b>Threading.</b> {@code onMessage} runs in the receive loop, so messages are handled in
 * arrival order and a handler that suspends delays every later datagram of this process; a
 * handler with slow work should start its own coroutine. {@code onConnect} and {@code onClose} are
 * never called: UDP has no connections.
 */
public final class UdpServer {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");
    /** The largest UDP payload over IPv4; a larger buffer would never fill. */
    static final int MAX_DATAGRAM = 65_507;

    private final ListenUrl url;
    private final Callbacks callbacks;
    private final Protocol<?, ?> protocol;
    private volatile CoDatagramSocket socket;
    private volatile InetSocketAddress local;
    private volatile Coroutine receiver;
    private volatile boolean receiving;

    /**
     * Creates a server for a {@code udp://host:port} URL.
     *
     * @param protocol decodes datagrams and encodes replies, or null for raw bytes
     * @throws IllegalArgumentException if the URL is not {@code udp}
     */
    public UdpServer(ListenUrl url, Callbacks callbacks, Protocol<?, ?> protocol) {
        if (!url.isUdp()) {
            throw new IllegalArgumentException("UdpServer serves udp:// URLs, not " + url);
        }
        this.url = url;
        this.callbacks = callbacks;
        this.protocol = protocol == null ? new RawProtocol() : protocol;
    }

    /**
     * Starts receiving on {@code channel} (shared by the master), or on a socket bound to the URL's
     * address when {@code channel} is null. Returns once the receive loop runs.
     */
    public void start(DatagramChannel channel) throws IOException {
        if (channel == null) {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(url.address());
        }
        socket = CoDatagramSocket.wrap(channel);
        local = (InetSocketAddress) channel.getLocalAddress();
        receiving = true;
        receiver = Co.goSystem("udp receiver " + url, this::receiveLoop);
    }

    private void receiveLoop() {
        // One buffer for the loop: handlers get decoded copies, never the buffer itself.
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (receiving) {
            buf.clear();
            SocketAddress from;
            try {
                from = socket.receive(buf, null);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (receiving) {
                    LOG.log(System.Logger.Level.WARNING, "receive on " + url + " failed: " + e.getMessage());
                }
                continue;
            } catch (KilledException e) {
                return;
            }
            if (from != null) {
                buf.flip();
                dispatchAll(new UdpConnection(this, (InetSocketAddress) from, buf.remaining()), buf);
            }
        }
    }

    /** Decodes every whole packet of one datagram and calls onMessage for each. */
    private void dispatchAll(UdpConnection c, ByteBuffer datagram) {
        try {
            while (datagram.hasRemaining()) {
                Object message = protocol.next(datagram);
                if (message == null) {
                    return;
                }
                if (!dispatch(c, message)) {
                    return;
                }
            }
        } catch (ProtocolException e) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "datagram from " + c.remoteAddress() + " on " + url + ": " + e.getMessage() + "; dropped");
            error(c, ErrorHandler.PROTOCOL_ERROR, e.getMessage());
        }
    }

    private boolean dispatch(UdpConnection c, Object message) {
        NetCounters.countRequest();
        MessageHandler<Object> h = callbacks.onMessage();
        if (h == null) {
            return true;
        }
        try {
            h.onMessage(c, message);
            return true;
        } catch (KilledException e) {
            throw e;
        } catch (Exception | Error e) {
            // A failing handler must not end the receive loop: other peers are still served.
            NetCounters.countException();
            LOG.log(
                    System.Logger.Level.WARNING,
                    "udp onMessage for " + c.remoteAddress() + " on " + url + " failed",
                    e);
            error(c, ErrorHandler.CALLBACK_FAILED, String.valueOf(e));
            return false;
        }
    }

    void error(UdpConnection c, int code, String message) {
        ErrorHandler h = callbacks.onError();
        if (h != null) {
            h.onError(c, code, message);
        }
    }

    /** Encodes a reply with the listener's protocol; see {@link UdpConnection#send(Object)}. */
    @SuppressWarnings("unchecked")
    ByteBuffer encode(Object message) {
        if (message instanceof ByteBuffer b) {
            return b;
        }
        if (protocol instanceof RawProtocol) {
            if (message instanceof String s) {
                return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return ByteBuffer.wrap((byte[]) message);
        }
        return ((Protocol<?, Object>) protocol).encode(message);
    }

    /** Sends one datagram without waiting: false (and {@code send_fail} counted) if the socket had no room. */
    boolean sendTo(ByteBuffer bytes, InetSocketAddress target) {
        CoDatagramSocket s = socket;
        try {
            // DatagramChannel.send is thread-safe and, non-blocking, sends all or nothing.
            if (s.channel().send(bytes, target) > 0 || !bytes.hasRemaining()) {
                return true;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "udp send to " + target + " failed: " + e.getMessage());
        }
        NetCounters.countSendFail();
        return false;
    }

    /** Stops receiving and closes this process's copy of the socket (other processes keep theirs). */
    public void stop() {
        receiving = false;
        Coroutine r = receiver;
        if (r != null) {
            Co.cancel(r.id());
        }
        CoDatagramSocket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "closing udp socket: " + e.getMessage());
            }
        }
    }

    /** Whether the receive loop runs. */
    public boolean isReceiving() {
        return receiving;
    }

    /** The address the socket is bound to. */
    public InetSocketAddress localAddress() {
        return local;
    }

    /** The listener's URL. */
    public ListenUrl url() {
        return url;
    }
}
