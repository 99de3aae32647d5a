package dev.weft.net.http;

import dev.weft.net.internal.http.HttpAccess;

/** Opens this package's constructors and accessors to the parser and encoder, and to nothing else. */
final class InternalAccess extends HttpAccess {
    @Override
    public HttpRequest newRequest(
            String method,
            String target,
            HttpVersion version,
            HttpHeaders headers,
            byte[] body,
            HttpHeaders trailers,
            HttpLimits limits) {
        return new HttpRequest(method, target, version, headers, body, trailers, limits);
    }

    @Override
    public HttpHeaders newHeaders(int capacity) {
        return new HttpHeaders(capacity);
    }

    @Override
    public void addHeader(HttpHeaders headers, String name, String value) {
        headers.add(name, value);
    }

    @Override
    public int headerCount(Response response) {
        return response.headerCount();
    }

    @Override
    public String headerName(Response response, int index) {
        return response.headerName(index);
    }

    @Override
    public String headerValue(Response response, int index) {
        return response.headerValue(index);
    }
}
