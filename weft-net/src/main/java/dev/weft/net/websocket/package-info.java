/**
 * WebSocket (RFC 6455) as a handler sees it: the close status codes of {@link
 * dev.weft.net.websocket.CloseCodes}. Messages arrive through the ordinary onMessage callback; the
 * handshake, framing and closing handshake are in {@code dev.weft.net.internal.websocket}.
 */
package dev.weft.net.websocket;
