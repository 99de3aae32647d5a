package dev.weft.net.server;

import dev.weft.net.internal.NetCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-process network statistics, Workerman's {@code connection_count}, {@code total_request},
 * {@code send_fail} and {@code throw_exception} (which Workerman does not count), plus the live
 * connection count. Read-only: the counting happens in weft-net.
 */
public final class NetStats {
    private NetStats() {}

    /** Open connections. */
    public static int connectionCount() {
        return NetCounters.connectionCount();
    }

    /** Messages (HTTP requests, WebSocket messages, lines, frames) received. */
    public static long totalRequest() {
        return NetCounters.totalRequest();
    }

    /** Sends dropped because a send buffer was full. */
    public static long sendFail() {
        return NetCounters.sendFail();
    }

    /** Callbacks that threw. */
    public static long throwException() {
        return NetCounters.throwException();
    }

    /**
     * TLS connections closed for bad input: handshakes that failed (plain HTTP to a TLS port, garbage,
     * refused protocols) or timed out (a client that stopped mid-handshake), and undecryptable records.
     */
    public static long tlsFailures() {
        return NetCounters.tlsFailures();
    }

    /** Connections accepted since start. */
    public static long accepted() {
        return NetCounters.accepted();
    }

    /** Connections closed by a time limit ({@link dev.weft.net.TimeLimits}): 408s, idle and keep-alive closes. */
    public static long timedOut() {
        return NetCounters.timedOut();
    }

    /** The counters, named as in Workerman's status ({@code timed_out} is Weft's own). */
    public static Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", connectionCount());
        m.put("total_request", totalRequest());
        m.put("send_fail", sendFail());
        m.put("throw_exception", throwException());
        m.put("timed_out", timedOut());
        return m;
    }
}
