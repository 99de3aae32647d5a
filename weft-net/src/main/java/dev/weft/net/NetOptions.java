package dev.weft.net;

import dev.weft.net.http.HttpLimits;
import dev.weft.net.websocket.PerMessageDeflate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a listener's connections.
 *
 * @param maxSendBufferSize bytes queued per connection before sends are dropped (Workerman: 1 MiB)
 * @param maxPackageSize the largest message a peer may send (Workerman: 10 MiB)
 * @param httpLimits request line, header and body limits of HTTP and the WebSocket handshake
 * @param subprotocols WebSocket subprotocols the server speaks, in order of preference
 * @param retireGrace how long a retiring keep-alive connection waits for one more request to answer
 *                    with {@code Connection: close} before it is closed idle
 * @param closeFrameWait how long a retiring WebSocket waits for the peer's close frame
 * @param responseTimeout HTTP only: how long a handler may take to answer a request before the
 *                        client gets a 503 with {@code Connection: close}; {@link Duration#ZERO}
 *                        (the default) waits as long as the handler takes
 * @param timeLimits how long a connection may keep the server waiting (request head and body,
 *                   keep-alive, WebSocket ping, idle, TLS handshake); {@link TimeLimits#DEFAULT}
 * @param perMessageDeflate WebSocket only: whether permessage-deflate is negotiated, and with or
 *                          without context takeover ({@link PerMessageDeflate#NO_CONTEXT_TAKEOVER} by
 *                          default)
 */
public record NetOptions(
        int maxSendBufferSize,
        int maxPackageSize,
        HttpLimits httpLimits,
        List<String> subprotocols,
        Duration retireGrace,
        Duration closeFrameWait,
        Duration responseTimeout,
        TimeLimits timeLimits,
        PerMessageDeflate perMessageDeflate) {
    /**
     * Checks the settings.
     *
     * @throws NullPointerException if the response timeout, the time limits or the permessage-deflate
     *     setting is null
     * @throws IllegalArgumentException if the response timeout is negative
     */
    public NetOptions {
        Objects.requireNonNull(responseTimeout, "responseTimeout (Duration.ZERO for none)");
        if (responseTimeout.isNegative()) {
            throw new IllegalArgumentException("responseTimeout must be >= 0: " + responseTimeout);
        }
        Objects.requireNonNull(timeLimits, "timeLimits (TimeLimits.NONE for none)");
        Objects.requireNonNull(perMessageDeflate, "perMessageDeflate (PerMessageDeflate.OFF for none)");
    }

    /**
     * The settings without a response timeout, with the default time limits and permessage-deflate; see
     * the record's components.
     */
    public NetOptions(
            int maxSendBufferSize,
            int maxPackageSize,
            HttpLimits httpLimits,
            List<String> subprotocols,
            Duration retireGrace,
            Duration closeFrameWait) {
        this(
                maxSendBufferSize,
                maxPackageSize,
                httpLimits,
                subprotocols,
                retireGrace,
                closeFrameWait,
                Duration.ZERO,
                TimeLimits.DEFAULT,
                PerMessageDeflate.NO_CONTEXT_TAKEOVER);
    }

    /**
     * Workerman's defaults: 1 MiB send buffer, 10 MiB packages; no response timeout; {@link
     * TimeLimits#DEFAULT}; permessage-deflate without context takeover.
     */
    public static NetOptions defaults() {
        return new NetOptions(
                1 << 20, 10 << 20, HttpLimits.DEFAULT, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    /** A copy with another send buffer limit. */
    public NetOptions withMaxSendBufferSize(int bytes) {
        return new NetOptions(
                bytes,
                maxPackageSize,
                httpLimits,
                subprotocols,
                retireGrace,
                closeFrameWait,
                responseTimeout,
                timeLimits,
                perMessageDeflate);
    }

    /** A copy with another package limit. */
    public NetOptions withMaxPackageSize(int bytes) {
        return new NetOptions(
                maxSendBufferSize,
                bytes,
                httpLimits,
                subprotocols,
                retireGrace,
                closeFrameWait,
                responseTimeout,
                timeLimits,
                perMessageDeflate);
    }

    /** A copy with WebSocket subprotocols. */
    public NetOptions withSubprotocols(List<String> protocols) {
        return new NetOptions(
                maxSendBufferSize,
                maxPackageSize,
                httpLimits,
                List.copyOf(protocols),
                retireGrace,
                closeFrameWait,
                responseTimeout,
                timeLimits,
                perMessageDeflate);
    }

    /**
     * A copy with an HTTP response timeout: a request whose handler has not answered within
     * {@code timeout} gets a 503; {@link Duration#ZERO} turns it off.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public NetOptions withResponseTimeout(Duration timeout) {
        return new NetOptions(
                maxSendBufferSize,
                maxPackageSize,
                httpLimits,
                subprotocols,
                retireGrace,
                closeFrameWait,
                timeout,
                timeLimits,
                perMessageDeflate);
    }

    /** A copy with other time limits ({@link TimeLimits#NONE} for none). */
    public NetOptions withTimeLimits(TimeLimits limits) {
        return new NetOptions(
                maxSendBufferSize,
                maxPackageSize,
                httpLimits,
                subprotocols,
                retireGrace,
                closeFrameWait,
                responseTimeout,
                limits,
                perMessageDeflate);
    }

    /**
     * A copy with another permessage-deflate setting; {@link PerMessageDeflate#OFF} turns the
     * extension off.
     */
    public NetOptions withPerMessageDeflate(PerMessageDeflate mode) {
        return new NetOptions(
                maxSendBufferSize,
                maxPackageSize,
                httpLimits,
                subprotocols,
                retireGrace,
                closeFrameWait,
                responseTimeout,
                timeLimits,
                mode);
    }

    /** Whether an HTTP response timeout is set. */
    public boolean hasResponseTimeout() {
        return responseTimeout.isPositive();
    }
}
