package dev.weft.net.internal;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters of one connection that the {@code connections} listing shows: bytes read and the
 * bytes received but not yet decoded. Only the read loop writes them; anyone may read.
 */
final class ConnectionStats {
    private volatile long bytesRead;
    private volatile int recvQueued;

    /** Called by the read loop only. */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void read(int n) {
        bytesRead += n;
    }

    /** Called by the read loop only: bytes kept for the next decode. */
    void recvQueued(int n) {
        recvQueued = n;
    }

    long bytesRead() {
        return bytesRead;
    }

    int recvQueued() {
        return recvQueued;
    }

    /** A row of the {@code connections} listing for {@code c}. */
    static Map<String, Object> row(TcpConnection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("protocol", c.protocol());
        m.put("local", hostPort(c.localAddress()));
        m.put("remote", hostPort(c.remoteAddress()));
        m.put("status", c.status().name());
        m.put("bytes_read", c.bytesRead());
        m.put("bytes_written", c.bytesWritten());
        m.put("send_queue", c.sendQueueSize());
        m.put("recv_queue", c.recvQueueSize());
        m.put("coroutine", c.coroutine() == null ? -1 : c.coroutine().id());
        return m;
    }

    private static String hostPort(InetSocketAddress a) {
        if (a.isUnresolved()) {
            return a.getHostString(); // a Unix domain socket: unix:<path>
        }
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
