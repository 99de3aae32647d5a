/**
 * weft-net's machinery, not API: {@link dev.weft.net.internal.TcpConnection} (one accepted socket
 * and its read loop), the per-scheme drivers that turn bytes into messages and responses, the
 * outbound queue with its back-pressure, the {@link dev.weft.net.internal.Listener} view a
 * connection has of its server, and the {@link dev.weft.net.internal.NetCounters} behind {@code
 * NetStats}. Other modules must not import it; it changes without notice.
 */
package dev.weft.net.internal;
