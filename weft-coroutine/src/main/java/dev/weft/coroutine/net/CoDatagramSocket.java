package dev.weft.coroutine.net;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.poll.PollKey;
import dev.weft.coroutine.internal.poll.Poller;
import dev.weft.coroutine.internal.poll.ReadyWait;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;

/**
 * A cancellable UDP socket. Receives wait under the event {@code udp.receive <local address>},
 * sends under {@code udp.send <target>}. Conventions as in {@link CoSocket}.
 */
public final class CoDatagramSocket implements Closeable {
    private final DatagramChannel channel;
    private final PollKey pollKey;
    private String receiveEvent;

    private CoDatagramSocket(DatagramChannel channel) throws IOException {
        channel.configureBlocking(false);
        this.channel = channel;
        this.pollKey = Poller.newKey(channel);
        receiveEvents();
    }

    /** Opens an unbound socket (bound to an ephemeral port by its first send). */
    public static CoDatagramSocket open() throws IOException {
        return new CoDatagramSocket(DatagramChannel.open());
    }

    /** Opens a socket bound to {@code local}. */
    public static CoDatagramSocket bind(SocketAddress local) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(local);
            return new CoDatagramSocket(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Wraps a channel; it is switched to non-blocking mode. */
    public static CoDatagramSocket wrap(DatagramChannel channel) throws IOException {
        return new CoDatagramSocket(channel);
    }

    private void receiveEvents() throws IOException {
        SocketAddress local = channel.getLocalAddress();
        receiveEvent = "udp.receive " + (local == null ? "unbound" : ReadyWait.format(local));
    }

    /**
     * Receives one datagram into {@code dst} (a datagram larger than the room left is truncated).
     *
     * @return the sender's address, or null on cancel or timeout
     */
    public SocketAddress receive(ByteBuffer dst, Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        SocketAddress from;
        try {
            from = channel.receive(dst);
        } catch (IOException e) {
            throw ReadyWait.failed(e);
        }
        if (from != null) {
            Co.setLastError(CoError.NONE);
            return from;
        }
        if (receiveEvent.endsWith("unbound")) {
            receiveEvents();
        }
        return ReadyWait.await(
                pollKey, SelectionKey.OP_READ, receiveEvent, Suspension.deadline(timeout), () -> channel.receive(dst));
    }

    /**
     * Sends {@code src} as one datagram to {@code target}, waiting for send-buffer room.
     *
     * @return true when sent; false on cancel or timeout
     */
    public boolean send(ByteBuffer src, SocketAddress target, Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        int n;
        try {
            n = channel.send(src, target);
        } catch (IOException e) {
            throw ReadyWait.failed(e);
        }
        if (n > 0 || !src.hasRemaining()) {
            Co.setLastError(CoError.NONE);
            return true;
        }
        Integer r = ReadyWait.await(
                pollKey,
                SelectionKey.OP_WRITE,
                "udp.send " + ReadyWait.format(target),
                Suspension.deadline(timeout),
                () -> {
                    int m = channel.send(src, target);
                    return m == 0 ? null : m;
                });
        return r != null;
    }

    /** The bound address, or null. */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /** Sets a socket option. */
    public <T> CoDatagramSocket setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /** Reads a socket option. */
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return channel.getOption(name);
    }

    /** The underlying channel, non-blocking. */
    public DatagramChannel channel() {
        return channel;
    }

    /** Closes the socket; blocked coroutines wake and get an {@link IOException}. */
    @Override
    public void close() throws IOException {
        pollKey.closeChannel();
    }
}
