/**
 * The HTTP/1.1 codec, not API: the strict incremental {@link
 * dev.weft.net.internal.http.HttpRequestParser} (RFC 9112), the {@link
 * dev.weft.net.internal.http.HttpResponseEncoder}, their character tables and pre-encoded status
 * lines, and {@link dev.weft.net.internal.http.HttpAccess}, their way into the package-private
 * parts of the public {@code dev.weft.net.http} types.
 */
package dev.weft.net.internal.http;
