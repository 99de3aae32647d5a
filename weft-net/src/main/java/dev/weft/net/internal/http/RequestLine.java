package dev.weft.net.internal.http;

import static dev.weft.net.internal.http.ParseErrors.badRequest;

import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request line: {@code method SP request-target SP HTTP-version} (RFC 9112 section 3),
 * with exactly one space between the parts.
 *
 * @param method an implemented method, as a shared constant
 * @param target the request target, visible ASCII only
 * @param version the HTTP version
 */
record RequestLine(String method, String target, HttpVersion version) {

    /** Parses {@code line[0, length)}, the line without its CRLF. */
    static RequestLine parse(byte[] line, int length) {
        int firstSpace = HttpRequestParser.indexOf(line, ' ', 0, length);
        if (firstSpace <= 0) {
            throw badRequest("malformed request line");
        }
        for (int i = 0; i < firstSpace; i++) {
            if (!HttpChars.isTokenChar(line[i])) {
                throw badRequest("invalid character in the method");
            }
        }
        int secondSpace = HttpRequestParser.indexOf(line, ' ', firstSpace + 1, length);
        if (secondSpace < 0 || secondSpace == firstSpace + 1) {
            throw badRequest("malformed request line");
        }
        for (int i = firstSpace + 1; i < secondSpace; i++) {
            // Only visible ASCII: no controls, no spaces, no raw non-ASCII in a request target.
            if (line[i] < 0x21 || line[i] > 0x7E) {
                throw badRequest("invalid character in the request target");
            }
        }
        HttpVersion version = parseVersion(line, secondSpace + 1, length);
        String method = knownMethod(line, firstSpace);
        String target = new String(line, firstSpace + 1, secondSpace - firstSpace - 1, StandardCharsets.ISO_8859_1);
        checkTargetForm(method, target);
        return new RequestLine(method, target, version);
    }

    /** {@code HTTP/1.x}; another major version is 505, anything malformed 400. */
    private static HttpVersion parseVersion(byte[] line, int from, int length) {
        if (length - from != 8
                || line[from] != 'H'
                || line[from + 1] != 'T'
                || line[from + 2] != 'T'
                || line[from + 3] != 'P'
                || line[from + 4] != '/'
                || !isDigit(line[from + 5])
                || line[from + 6] != '.'
                || !isDigit(line[from + 7])) {
            throw badRequest("malformed HTTP version");
        }
        if (line[from + 5] != '1') {
            throw new HttpParseException(505, "HTTP version not supported");
        }
        return line[from + 7] == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }

    /** Returns the method as a shared constant, avoiding a String per request. */
    private static String knownMethod(byte[] line, int length) {
        for (String known : Methods.IMPLEMENTED) {
            if (known.length() == length && startsWith(line, known)) {
                return known;
            }
        }
        throw new HttpParseException(501, "method not implemented");
    }

    /**
     * Admits the request-target forms of RFC 9112 section 3.2 that apply to this server:
     * origin-form, absolute-form (http or https, non-empty authority), and asterisk-form for
     * OPTIONS. Authority-form is CONNECT's, which is not implemented. A fragment is never sent.
     */
    private static void checkTargetForm(String method, String target) {
        if (target.indexOf('#') >= 0) {
            throw badRequest("fragment in the request target");
        }
        if (target.charAt(0) == '/') {
            return;
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw badRequest("asterisk-form target outside OPTIONS");
            }
            return;
        }
        int schemeEnd = target.indexOf("://");
        boolean webScheme = (schemeEnd == 4 && target.regionMatches(true, 0, "http", 0, 4))
                || (schemeEnd == 5 && target.regionMatches(true, 0, "https", 0, 5));
        int authority = schemeEnd + 3;
        if (!webScheme || authority == target.length() || "/?".indexOf(target.charAt(authority)) >= 0) {
            throw badRequest("malformed request target");
        }
    }

    private static boolean startsWith(byte[] line, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (line[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
