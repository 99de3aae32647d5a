/**
 * WebSocket (RFC 6455) as a handler sees it: the close status codes of {@link
 * dev.weft.net.websocket.CloseCodes} and the {@link dev.weft.net.websocket.PerMessageDeflate} setting.
 * Messages arrive through the ordinary onMessage callback, already inflated; the handshake, framing,
 * compression and closing handshake are in {@code dev.weft.net.internal.websocket}.
 */
package dev.weft.net.websocket;
