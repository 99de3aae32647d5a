package dev.weft.net.http;

import dev.weft.net.protocol.ProtocolException;

/**
 * The request cannot be served: it is malformed, too large, or uses something this server does
 * not implement. {@link #status()} is the HTTP status to answer with (400, 413, 414, 431, 501 or
 * 505) and {@link #reason()} says why, in words fit for a log or a short response body. After
 * this exception the connection should send that status with {@code Connection: close} and close,
 * since the rest of the byte stream cannot be framed reliably.
 */
public final class HttpParseException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param status the HTTP status to answer with
     * @param reason why the request was rejected
     */
    public HttpParseException(int status, String reason) {
        super(status, reason);
    }

    /**
     * Returns the HTTP status to answer with.
     *
     * @return a 4xx or 5xx status
     */
    public int status() {
        return code();
    }

    /**
     * Returns why the request was rejected.
     *
     * @return a short human-readable reason
     */
    public String reason() {
        return getMessage();
    }

    static HttpParseException badRequest(String reason) {
        return new HttpParseException(400, reason);
    }
}
