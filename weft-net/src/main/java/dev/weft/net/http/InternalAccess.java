package dev.weft.net.http;

import java.util.function.IntPredicate;

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

    /** Appends one field whose value is {@code length} received bytes from {@code from}, decoded only when read. */
    public void addRawHeader(HttpHeaders headers, String name, byte[] bytes, int from, int length) {
        headers.addRaw(name, bytes, from, length);
    }

    /** The index of the first field named {@code name} (ignoring case), or -1. */
    public int headerIndex(HttpHeaders headers, String name) {
        return headers.indexOf(name);
    }

    /** Whether every char of field {@code index}'s value satisfies {@code test}, without decoding it. */
    public boolean headerValueMatches(HttpHeaders headers, int index, IntPredicate test) {
        return headers.valueMatches(index, test);
    }

    /**
     * Sets the path parameters a router matched: the first {@code count} names and their raw
     * (percent-encoded) values.
     *
     * @throws BadRequestException for a malformed percent-escape in a value
     */
    public void pathParams(HttpRequest request, String[] names, String[] rawValues, int count) {
        request.pathParams(names, rawValues, count);
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
