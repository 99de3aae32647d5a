package dev.weft.net;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a listener's connections may keep the server waiting, with nginx's defaults. A client
 * that breaks a limit is answered (HTTP 408) or closed; {@link Duration#ZERO} turns a limit off. The
 * limits cost no coroutine and no timer per request: each connection has one re-armable
 * {@code dev.weft.coroutine.Deadline}, armed at the read that waits for input.
 *
 * @param requestHead HTTP (and the WebSocket handshake): the whole request head must arrive within
 *                    this, counted from its first byte; else {@code 408 Request Timeout} and close
 *                    (nginx {@code client_header_timeout}, 60 s)
 * @param requestBody HTTP: the longest pause between two reads of a request body; else 408 and close
 *                    (nginx {@code client_body_timeout}, 60 s)
 * @param keepAlive HTTP (and a WebSocket listener before the handshake): how long a connection may
 *                  stay idle before its first request and between requests; then it is closed
 *                  quietly (nginx {@code keepalive_timeout}, 75 s)
 * @param keepAliveRequests HTTP: requests served on one connection; the last one is answered with
 *                          {@code Connection: close} (nginx {@code keepalive_requests}, 1000); 0: no limit
 * @param webSocketPing WebSocket: a ping is sent after this long without traffic from the client
 *                      (30 s); zero turns pings and the idle close off
 * @param webSocketPong WebSocket: after a ping, how long the client has to send anything (its pong)
 *                      before the connection is dropped (30 s); zero pings without ever closing
 * @param idle tcp, text, frame and custom protocols: how long a connection may stay silent between
 *             messages before it is closed quietly (off by default)
 * @param tlsHandshake TLS: how long the handshake may take before the connection is closed (10 s)
 */
public record TimeLimits(
        Duration requestHead,
        Duration requestBody,
        Duration keepAlive,
        int keepAliveRequests,
        Duration webSocketPing,
        Duration webSocketPong,
        Duration idle,
        Duration tlsHandshake) {
    /** nginx's defaults; WebSocket ping after 30 s, pong within 30 s; stream protocols without an idle limit. */
    public static final TimeLimits DEFAULT = new TimeLimits(
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(75),
            1000,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ZERO,
            Duration.ofSeconds(10));

    /** No limit at all (a test's or a trusted network's choice). */
    public static final TimeLimits NONE = new TimeLimits(
            Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /**
     * Checks the limits.
     *
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a duration or the request count is negative
     */
    public TimeLimits {
        check("requestHead", requestHead);
        check("requestBody", requestBody);
        check("keepAlive", keepAlive);
        check("webSocketPing", webSocketPing);
        check("webSocketPong", webSocketPong);
        check("idle", idle);
        check("tlsHandshake", tlsHandshake);
        if (keepAliveRequests < 0) {
            throw new IllegalArgumentException("keepAliveRequests must be >= 0 (0: no limit): " + keepAliveRequests);
        }
    }

    private static void check(String name, Duration d) {
        Objects.requireNonNull(d, name + " (Duration.ZERO for none)");
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0 (0: off): " + d);
        }
    }

    /** A copy with another request head limit. */
    public TimeLimits withRequestHead(Duration d) {
        return new TimeLimits(
                d, requestBody, keepAlive, keepAliveRequests, webSocketPing, webSocketPong, idle, tlsHandshake);
    }

    /** A copy with another request body inactivity limit. */
    public TimeLimits withRequestBody(Duration d) {
        return new TimeLimits(
                requestHead, d, keepAlive, keepAliveRequests, webSocketPing, webSocketPong, idle, tlsHandshake);
    }

    /** A copy with another keep-alive idle limit. */
    public TimeLimits withKeepAlive(Duration d) {
        return new TimeLimits(
                requestHead, requestBody, d, keepAliveRequests, webSocketPing, webSocketPong, idle, tlsHandshake);
    }

    /** A copy with another number of requests per keep-alive connection (0: no limit). */
    public TimeLimits withKeepAliveRequests(int n) {
        return new TimeLimits(requestHead, requestBody, keepAlive, n, webSocketPing, webSocketPong, idle, tlsHandshake);
    }

    /** A copy with other WebSocket ping and pong limits ({@code ping} zero: no pings, no idle close). */
    public TimeLimits withWebSocketPing(Duration ping, Duration pong) {
        return new TimeLimits(requestHead, requestBody, keepAlive, keepAliveRequests, ping, pong, idle, tlsHandshake);
    }

    /** A copy with another idle limit for tcp, text, frame and custom protocols. */
    public TimeLimits withIdle(Duration d) {
        return new TimeLimits(
                requestHead, requestBody, keepAlive, keepAliveRequests, webSocketPing, webSocketPong, d, tlsHandshake);
    }

    /** A copy with another TLS handshake limit. */
    public TimeLimits withTlsHandshake(Duration d) {
        return new TimeLimits(
                requestHead, requestBody, keepAlive, keepAliveRequests, webSocketPing, webSocketPong, idle, d);
    }
}
