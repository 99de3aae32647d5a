/**
 * The server side of RFC 6455, not API: the opening handshake over HTTP ({@link
 * dev.weft.net.internal.websocket.WebSocketHandshake}), frame decoding and encoding, UTF-8
 * validation, and message assembly with the closing handshake ({@link
 * dev.weft.net.internal.websocket.WebSocketSession}).
 */
package dev.weft.net.internal.websocket;
