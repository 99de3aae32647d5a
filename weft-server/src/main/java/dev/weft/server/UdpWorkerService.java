package dev.weft.server;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Timer;
import dev.weft.net.Callbacks;
import dev.weft.net.ListenUrl;
import dev.weft.net.protocol.Protocol;
import dev.weft.net.server.NetStats;
import dev.weft.net.server.UdpServer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@link WorkerService} of a {@code udp://} Worker: a weft-net {@link UdpServer} on the datagram
 * socket the master opened and put on every child's fd 0 (see {@code ListenSocket}). All children
 * receive from that one socket, so the kernel hands each datagram to one of them, and datagrams
 * queued while a child restarts wait for the next one. UDP has no connections: stopping just stops
 * receiving, and there is nothing to retire or list.
 */
final class UdpWorkerService implements WorkerService {
    private final UdpServer server;

    UdpWorkerService(String listen, Callbacks callbacks, Protocol<?, ?> protocol) {
        this.server = new UdpServer(ListenUrl.parse(listen), callbacks, protocol);
    }

    /** Whether this listen URL is a {@code udp://} one. */
    static boolean speaks(String listen) {
        return ListenUrl.parse(listen).isUdp();
    }

    /** Only reached when the child was not given a UDP socket (a Worker run outside a master): binds its own. */
    @Override
    public void start(ServerSocketChannel listener) throws Exception {
        if (listener != null) {
            throw new IllegalStateException("udp Worker " + server.url() + " was given a TCP listening socket");
        }
        server.start(null);
    }

    @Override
    public void startDatagram(DatagramChannel socket) throws Exception {
        server.start(socket);
    }

    @Override
    public void stopAccepting() {
        server.stop();
    }

    /** A datagram is handled inside the receive loop, so once it has stopped nothing is in flight. */
    @Override
    public boolean awaitIdle(Duration max) {
        return true;
    }

    @Override
    public void closeAll() {
        server.stop();
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = NetStats.snapshot();
        m.put("connections", 0);
        m.put("timers", Timer.count());
        m.put("coroutines", Co.list().stream().filter(c -> !c.isSystem()).count());
        return m;
    }

    @Override
    public List<Map<String, Object>> connections() {
        return List.of();
    }
}
