/**
 * HTTP/1.1 on the server side, byte level only: the strict incremental {@link
 * dev.weft.net.internal.http.HttpRequestParser}, the parsed {@link dev.weft.net.http.HttpRequest} with its
 * query, cookies and form, and the {@link dev.weft.net.http.Response} builder with its {@link
 * dev.weft.net.internal.http.HttpResponseEncoder}.
 */
package dev.weft.net.http;
