/**
 * The built-in stream protocols, not API: {@link dev.weft.net.internal.protocol.TextProtocol}
 * (newline-delimited UTF-8), {@link dev.weft.net.internal.protocol.FrameProtocol} (4-byte
 * length prefix) and {@link dev.weft.net.internal.protocol.RawProtocol}, chosen by the listen URL's
 * scheme.
 */
package dev.weft.net.internal.protocol;
