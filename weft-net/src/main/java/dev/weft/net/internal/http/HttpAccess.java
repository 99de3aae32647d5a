package dev.weft.net.internal.http;

import dev.weft.net.http.HttpHeaders;
import dev.weft.net.http.HttpLimits;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.HttpVersion;
import dev.weft.net.http.Response;

/**
 * The parser's and the encoder's way into the package-private parts of the public HTTP types
 * (the JDK's {@code SharedSecrets} pattern): building a {@link HttpRequest} and its {@link
 * HttpHeaders}, and reading a {@link Response}'s headers in order. {@code dev.weft.net.http}
 * installs the one implementation when {@code HttpRequest} is initialised, so none of these
 * members is public there.
 */
public abstract class HttpAccess {
    private static volatile HttpAccess instance;

    /** For the one implementation in {@code dev.weft.net.http}. */
    protected HttpAccess() {}

    /**
     * Installs the implementation; called once, by {@code HttpRequest}'s static initialiser.
     *
     * @throws IllegalStateException if one is installed already
     */
    public static void install(HttpAccess access) {
        if (instance != null) {
            throw new IllegalStateException("HttpAccess is installed already");
        }
        instance = access;
    }

    /** The implementation, initialising {@code HttpRequest} first if nothing has yet. */
    public static HttpAccess get() {
        HttpAccess access = instance;
        if (access == null) {
            try {
                Class.forName(HttpRequest.class.getName(), true, HttpRequest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            access = instance;
        }
        return access;
    }

    /** A parsed request; {@code trailers} is {@link HttpHeaders#EMPTY} when there are none. */
    public abstract HttpRequest newRequest(
            String method,
            String target,
            HttpVersion version,
            HttpHeaders headers,
            byte[] body,
            HttpHeaders trailers,
            HttpLimits limits);

    /** Empty, growable header fields for the parser to fill. */
    public abstract HttpHeaders newHeaders(int capacity);

    /** Appends one field, as received. */
    public abstract void addHeader(HttpHeaders headers, String name, String value);

    /** How many header fields a response carries. */
    public abstract int headerCount(Response response);

    /** The name of a response's {@code index}-th header field. */
    public abstract String headerName(Response response, int index);

    /** The value of a response's {@code index}-th header field. */
    public abstract String headerValue(Response response, int index);
}
