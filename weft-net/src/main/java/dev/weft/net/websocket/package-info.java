/**
 * The server side of RFC 6455 WebSocket: the opening handshake over HTTP ({@link
 * dev.weft.net.internal.websocket.WebSocketHandshake}), frame decoding and encoding, and message assembly
 * with the closing handshake ({@link dev.weft.net.internal.websocket.WebSocketSession}).
 */
package dev.weft.net.websocket;
