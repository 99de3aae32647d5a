package dev.weft.net.internal.http;

import dev.weft.net.http.HttpParseException;

/** Shorthands for the parser's rejections. */
public final class ParseErrors {
    private ParseErrors() {}

    /** A 400 Bad Request for a malformed request, saying why. */
    public static HttpParseException badRequest(String reason) {
        return new HttpParseException(400, reason);
    }
}
