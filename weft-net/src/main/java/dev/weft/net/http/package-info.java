/**
 * HTTP/1.1 as a handler sees it: the parsed {@link dev.weft.net.http.HttpRequest} with its {@link
 * dev.weft.net.http.HttpHeaders}, query {@link dev.weft.net.http.Parameters}, cookies and {@link
 * dev.weft.net.http.FormData}, and the {@link dev.weft.net.http.Response} a handler sends back,
 * with {@link dev.weft.net.http.Cookie}s or a streamed {@link dev.weft.net.http.ChunkedBody}. The
 * parser and encoder that produce and consume these are in {@code dev.weft.net.internal.http}.
 */
package dev.weft.net.http;
