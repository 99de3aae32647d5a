package dev.weft.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-process network statistics, Workerman's {@code connection_count}, {@code total_request},
 * {@code send_fail} and {@code throw_exception} (which Workerman does not count), plus the live
 * connections for the {@code connections} command.
 */
public final class NetStats {
    private static final AtomicLong IDS = new AtomicLong();
    private static final ConcurrentHashMap<Long, TcpConnection> LIVE = new ConcurrentHashMap<>();
    private static final LongAdder TOTAL_REQUEST = new LongAdder();
    private static final LongAdder SEND_FAIL = new LongAdder();
    private static final LongAdder THROW_EXCEPTION = new LongAdder();
    private static final LongAdder ACCEPTED = new LongAdder();

    private NetStats() {}

    static long nextId() {
        return IDS.incrementAndGet();
    }

    static void opened(TcpConnection c) {
        LIVE.put(c.id(), c);
        ACCEPTED.increment();
    }

    static void closed(TcpConnection c) {
        LIVE.remove(c.id());
    }

    static void countRequest() {
        TOTAL_REQUEST.increment();
    }

    static void countSendFail() {
        SEND_FAIL.increment();
    }

    static void countException() {
        THROW_EXCEPTION.increment();
    }

    /** Open connections. */
    public static int connectionCount() {
        return LIVE.size();
    }

    /** Messages (HTTP requests, WebSocket messages, lines, frames) received. */
    public static long totalRequest() {
        return TOTAL_REQUEST.sum();
    }

    /** Sends dropped because a send buffer was full. */
    public static long sendFail() {
        return SEND_FAIL.sum();
    }

    /** Callbacks that threw. */
    public static long throwException() {
        return THROW_EXCEPTION.sum();
    }

    /** Connections accepted since start. */
    public static long accepted() {
        return ACCEPTED.sum();
    }

    /** The counters, named as in Workerman's status. */
    public static Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", connectionCount());
        m.put("total_request", totalRequest());
        m.put("send_fail", sendFail());
        m.put("throw_exception", throwException());
        return m;
    }

    /** The open connections. */
    public static List<TcpConnection> connections() {
        return new ArrayList<>(LIVE.values());
    }
}
