/**
 * Byte-level network protocol codecs: Workerman-style {@link dev.weft.net.protocol.Protocol}s,
 * a strict incremental HTTP/1.1 parser and response encoder, and RFC 6455 WebSocket framing.
 * Nothing here touches a socket; connections feed bytes in and write the encoded bytes out.
 */
package dev.weft.net;
