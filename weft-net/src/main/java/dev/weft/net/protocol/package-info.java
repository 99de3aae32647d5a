/**
 * Workerman-style application protocols over a byte stream: the {@link
 * dev.weft.net.protocol.Protocol} contract and the built-in text, length-prefixed frame and raw
 * protocols.
 */
package dev.weft.net.protocol;
