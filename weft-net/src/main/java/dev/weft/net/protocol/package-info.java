/**
 * Workerman-style application protocols over a byte stream: the {@link
 * dev.weft.net.protocol.Protocol} contract a user implements to plug in a protocol of their own,
 * and the {@link dev.weft.net.protocol.ProtocolException} a protocol throws on bad input. The
 * built-in text, frame and raw protocols are in {@code dev.weft.net.internal.protocol}.
 */
package dev.weft.net.protocol;
