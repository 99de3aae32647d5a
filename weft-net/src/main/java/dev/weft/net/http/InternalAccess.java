package dev.weft.net.http;

/**
 * Internal: not part of Weft's API. Opens this package's constructors and accessors to weft-net's own
 * parser and encoder ({@code dev.weft.net.internal.http}); the house-plan tests check that nothing else
 * uses it. (The JDK's {@code SharedSecrets} would make the two packages import each other; this keeps the
 * package graph acyclic.)
 */
public final class InternalAccess {
    /** The one instance. */
    public static final InternalAccess INSTANCE = new InternalAccess();

    private InternalAccess() {}

    /** A parsed request; {@code trailers} is {@link HttpHeaders#EMPTY} when there are none. */
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

    /** Empty, growable header fields for the parser to fill. */
    public HttpHeaders newHeaders(int capacity) {
        return new HttpHeaders(capacity);
    }

    /** Appends one field as received. */
    public void addHeader(HttpHeaders headers, String name, String value) {
        headers.add(name, value);
    }

    /** How many header fields the response has. */
    public int headerCount(Response response) {
        return response.headerCount();
    }

    /** The name of the response's header field at {@code index}. */
    public String headerName(Response response, int index) {
        return response.headerName(index);
    }

    /** The value of the response's header field at {@code index}. */
    public String headerValue(Response response, int index) {
        return response.headerValue(index);
    }
}
