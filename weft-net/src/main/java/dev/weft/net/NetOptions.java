package dev.weft.net;

import dev.weft.net.http.HttpLimits;
import java.time.Duration;
import java.util.List;

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
 */
public record NetOptions(
        int maxSendBufferSize,
        int maxPackageSize,
        HttpLimits httpLimits,
        List<String> subprotocols,
        Duration retireGrace,
        Duration closeFrameWait) {
    /** Workerman's defaults: 1 MiB send buffer, 10 MiB packages. */
    public static NetOptions defaults() {
        return new NetOptions(
                1 << 20, 10 << 20, HttpLimits.DEFAULT, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    /** A copy with another send buffer limit. */
    public NetOptions withMaxSendBufferSize(int bytes) {
        return new NetOptions(bytes, maxPackageSize, httpLimits, subprotocols, retireGrace, closeFrameWait);
    }

    /** A copy with another package limit. */
    public NetOptions withMaxPackageSize(int bytes) {
        return new NetOptions(maxSendBufferSize, bytes, httpLimits, subprotocols, retireGrace, closeFrameWait);
    }

    /** A copy with WebSocket subprotocols. */
    public NetOptions withSubprotocols(List<String> protocols) {
        return new NetOptions(
                maxSendBufferSize, maxPackageSize, httpLimits, List.copyOf(protocols), retireGrace, closeFrameWait);
    }
}
