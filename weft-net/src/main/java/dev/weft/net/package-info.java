/**
 * Weft's network workers, the API a handler and weft-server see: the listeners ({@link
 * dev.weft.net.NetServer} for TCP schemes, {@link dev.weft.net.UdpServer} for UDP) started from a
 * {@link dev.weft.net.ListenUrl} and {@link dev.weft.net.NetOptions}, the {@link
 * dev.weft.net.Callbacks} and handler interfaces they call, the {@link dev.weft.net.Connection}
 * those handlers receive, and the process-wide {@link dev.weft.net.NetStats}. The machinery behind
 * them lives in {@code dev.weft.net.internal}.
 */
package dev.weft.net;
