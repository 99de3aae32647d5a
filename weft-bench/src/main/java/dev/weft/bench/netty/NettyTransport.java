package dev.weft.bench.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The transport a Netty baseline runs on. Epoll is the default because it is what a Netty user on Linux deploys
 * (NIO is about 0.85x of it on this machine kind), so Weft is measured against the stronger baseline.
 */
public enum NettyTransport {
    /** The native epoll transport ({@code netty-transport-native-epoll}, linux-x86_64). */
    EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class),
    /** The JDK NIO selector transport. */
    NIO(NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class);

    private final Supplier<IoHandlerFactory> handlers;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends Channel> clientChannel;

    NettyTransport(
            Supplier<IoHandlerFactory> handlers,
            Class<? extends ServerChannel> serverChannel,
            Class<? extends Channel> clientChannel) {
        this.handlers = handlers;
        this.serverChannel = serverChannel;
        this.clientChannel = clientChannel;
    }

    /**
     * Parses {@code epoll} or {@code nio} (any case).
     *
     * @throws IllegalArgumentException for another name, or {@code epoll} where the native library cannot load
     */
    public static NettyTransport parse(String name) {
        NettyTransport t;
        try {
            t = valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport must be epoll or nio, not '" + name + "'", e);
        }
        if (t == EPOLL && !Epoll.isAvailable()) {
            throw new IllegalArgumentException("epoll is not available here (use nio)", Epoll.unavailabilityCause());
        }
        return t;
    }

    /** A new event-loop group of {@code threads} loops on this transport. */
    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, handlers.get());
    }

    /** The server socket channel class matching {@link #newGroup}. */
    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    /** The client socket channel class matching {@link #newGroup}. */
    public Class<? extends Channel> clientChannel() {
        return clientChannel;
    }

    /** The lower-case name, as {@link #parse} accepts it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
