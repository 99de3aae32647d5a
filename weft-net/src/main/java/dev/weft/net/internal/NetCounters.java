package dev.weft.net.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-process network counters behind {@link dev.weft.net.server.NetStats}: connection ids, the live
 * TCP connections and Workerman's {@code total_request}, {@code send_fail} and {@code
 * throw_exception}. Connections and drivers count here; users read through {@code NetStats}.
 */
public final class NetCounters {
    private static final AtomicLong IDS = new AtomicLong();
    private static final ConcurrentHashMap<Long, TcpConnection> LIVE = new ConcurrentHashMap<>();
    private static final LongAdder TOTAL_REQUEST = new LongAdder();
    private static final LongAdder SEND_FAIL = new LongAdder();
    private static final LongAdder THROW_EXCEPTION = new LongAdder();
    private static final LongAdder ACCEPTED = new LongAdder();
    private static final LongAdder TIMED_OUT = new LongAdder();
    private static final LongAdder TLS_FAILURES = new LongAdder();

    private NetCounters() {}

    /** A new connection id, unique in this process (TCP and UDP share the sequence). */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    static void opened(TcpConnection c) {
        LIVE.put(c.id(), c);
        ACCEPTED.increment();
    }

    static void closed(TcpConnection c) {
        LIVE.remove(c.id());
    }

    /** Counts one message received (an HTTP request, a WebSocket message, a line, a frame, a datagram). */
    public static void countRequest() {
        TOTAL_REQUEST.increment();
    }

    /** Counts one send dropped on a full buffer. */
    public static void countSendFail() {
        SEND_FAIL.increment();
    }

    /** Counts one callback that threw. */
    public static void countException() {
        THROW_EXCEPTION.increment();
    }

    /** Counts one connection closed by a time limit (request head or body, keep-alive, idle, WebSocket pong). */
    static void countTimeout() {
        TIMED_OUT.increment();
    }

    /** Connections closed by a time limit. */
    public static long timedOut() {
        return TIMED_OUT.sum();
    }

    /** Counts one TLS connection closed for bad input: a failed or timed-out handshake, a bad record. */
    public static void countTlsFailure() {
        TLS_FAILURES.increment();
    }

    /** TLS connections closed for bad input. */
    public static long tlsFailures() {
        return TLS_FAILURES.sum();
    }

    /** Open TCP connections. */
    public static int connectionCount() {
        return LIVE.size();
    }

    /** Messages received. */
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

    /** The open TCP connections. */
    public static List<TcpConnection> connections() {
        return new ArrayList<>(LIVE.values());
    }
}
