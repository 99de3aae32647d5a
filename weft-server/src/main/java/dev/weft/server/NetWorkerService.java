package dev.weft.server;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Timer;
import dev.weft.net.Callbacks;
import dev.weft.net.ListenUrl;
import dev.weft.net.NetOptions;
import dev.weft.net.TlsConfig;
import dev.weft.net.protocol.Protocol;
import dev.weft.net.server.NetServer;
import dev.weft.net.server.NetStats;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@link WorkerService} of a Worker with a network listen URL: a weft-net {@link NetServer} on
 * the listening socket the master shares. Stopping retires connections (requests already read are
 * answered, keep-alive connections close between requests, WebSocket ones with 1001) before the
 * rest are closed, so neither a stop nor a reload fails a request a client already sent.
 */
final class NetWorkerService implements WorkerService {
    private final NetServer server;
    private final Duration stopTimeout;

    NetWorkerService(
            String listen,
            Callbacks callbacks,
            NetOptions options,
            Protocol<?, ?> protocol,
            Duration stopTimeout,
            TlsConfig tls) {
        this.server = new NetServer(ListenUrl.parse(listen), callbacks, options, protocol, tls);
        this.stopTimeout = stopTimeout;
    }

    /** Whether weft-net serves this listen URL (a built-in scheme other than udp, or a given protocol). */
    static boolean speaks(String listen, Protocol<?, ?> protocol) {
        ListenUrl url = ListenUrl.parse(listen);
        return !url.isUdp() && (protocol != null || ListenUrl.BUILT_IN.contains(url.scheme()));
    }

    NetServer server() {
        return server;
    }

    @Override
    public void start(ServerSocketChannel listener) throws Exception {
        server.start(listener);
    }

    @Override
    public void stopAccepting() {
        server.stopAccepting();
        server.retire();
    }

    @Override
    public boolean awaitIdle(Duration max) {
        return server.awaitIdle(max);
    }

    /**
     * Gives retiring connections half the stop timeout to finish, then closes what is left. The other
     * half is for onWorkerStop, the final metrics and the JVM's exit, which on a loaded machine take
     * several hundred milliseconds: the master SIGKILLs a child that outlives the stop timeout.
     */
    @Override
    public void closeAll() {
        long budget = Math.max(100, stopTimeout.toMillis() / 2);
        server.awaitIdle(Duration.ofMillis(budget - Math.min(300, budget / 4)));
        server.closeAll();
        server.awaitIdle(Duration.ofMillis(Math.min(300, budget / 4)));
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = NetStats.snapshot();
        m.put("connections", server.connectionCount());
        m.put("timers", Timer.count());
        m.put("coroutines", Co.list().stream().filter(c -> !c.isSystem()).count());
        return m;
    }

    @Override
    public long totalRequests() {
        return NetStats.totalRequest(); // stats() also lists every coroutine: too much for each heartbeat
    }

    @Override
    public List<Map<String, Object>> connections() {
        List<Map<String, Object>> rows = server.connectionRows();
        boolean unix = server.url().isUnix();
        for (Map<String, Object> row : rows) {
            // Which transport and IP version, as Workerman shows them: tcp, ssl for TLS, or unix (no IP version).
            row.put("transport", unix ? "unix" : server.isTls() ? "ssl" : "tcp");
            row.put("ip", unix ? "-" : ipVersion(String.valueOf(row.get("remote"))));
        }
        return rows;
    }

    /** "ipv6" for a {@code host:port} whose host is an IPv6 address, else "ipv4". */
    static String ipVersion(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return host.contains(":") ? "ipv6" : "ipv4";
    }
}
