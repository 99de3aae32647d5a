/**
 * The HTTP/1.1 codec, not API: the strict incremental {@link
 * dev.weft.net.internal.http.HttpRequestParser} (RFC 9112), the {@link
 * dev.weft.net.internal.http.HttpResponseEncoder} and pre-encoded status lines. They reach the
 * package-private parts of the public {@code dev.weft.net.http} types through {@link
 * dev.weft.net.http.InternalAccess}.
 */
package dev.weft.net.internal.http;
