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
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A cancellable TCP listening socket: {@link #accept(Duration)} waits in the {@link Poller} under
 * the event {@code socket.accept <local address>}. Conventions as in {@link CoSocket}.
 */
public final class CoServerSocket implements Closeable {
    private final ServerSocketChannel channel;
    private final PollKey pollKey;
    private final String acceptEvent;

    private CoServerSocket(ServerSocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        this.channel = channel;
        this.pollKey = Poller.newKey(channel);
        SocketAddress local = channel.getLocalAddress();
        this.acceptEvent = "socket.accept " + (local == null ? "unbound" : ReadyWait.format(local));
    }

    /**
     * Opens a listening socket bound to {@code local} (port 0 picks a free port) with
     * {@code SO_REUSEADDR}.
     *
     * @param backlog the accept queue length; 0 or less for the system default
     */
    public static CoServerSocket bind(SocketAddress local, int backlog) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(local, backlog);
            return new CoServerSocket(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Wraps a bound channel, for example one inherited from the parent process
     * ({@code (ServerSocketChannel) System.inheritedChannel()}). It is switched to non-blocking mode.
     */
    public static CoServerSocket wrap(ServerSocketChannel channel) throws IOException {
        return new CoServerSocket(channel);
    }

    /**
     * Accepts the next connection.
     *
     * @return the connection, or null on cancel or timeout
     * @throws IOException when accepting fails (closed listener, too many open files)
     */
    public CoSocket accept(Duration timeout) throws IOException {
        Co.checkKilled(); // a fast path that never waits still delivers a pending kill
        SocketChannel c;
        try {
            c = channel.accept();
        } catch (IOException e) {
            throw ReadyWait.failed(e);
        }
        if (c == null) {
            c = ReadyWait.await(
                    pollKey, SelectionKey.OP_ACCEPT, acceptEvent, Suspension.deadline(timeout), channel::accept);
            if (c == null) {
                return null;
            }
        }
        try {
            CoSocket s = CoSocket.wrap(c);
            Co.setLastError(CoError.NONE);
            return s;
        } catch (IOException e) {
            c.close();
            throw ReadyWait.failed(e);
        }
    }

    /** The bound address. */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /** Sets a socket option of the listener. */
    public <T> CoServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /** The underlying channel, non-blocking. */
    public ServerSocketChannel channel() {
        return channel;
    }

    /** Closes the listener; a coroutine blocked in {@link #accept} wakes and gets an {@link IOException}. */
    @Override
    public void close() throws IOException {
        pollKey.closeChannel();
    }
}
