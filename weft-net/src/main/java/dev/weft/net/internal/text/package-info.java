/**
 * Internal: HTTP's character classes and the MIME type table, shared by the public HTTP types and the
 * codecs. A leaf: it uses nothing else of weft-net, so both sides may depend on it without a cycle.
 */
package dev.weft.net.internal.text;
