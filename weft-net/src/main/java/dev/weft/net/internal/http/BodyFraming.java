package dev.weft.net.internal.http;

import static dev.weft.net.internal.http.ParseErrors.badRequest;

import dev.weft.net.http.HttpHeaders;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpVersion;

/**
 * Decides how a request's body is delimited, from its complete header section (RFC 9112 section
 * 6.3), and refuses every ambiguity a proxy in front could resolve differently: that is how
 * requests get smuggled.
 */
final class BodyFraming {
    /** The body is chunked. */
    static final long CHUNKED = -1;

    private BodyFraming() {}

    /**
     * Returns the body length, 0 when the request has none, or {@link #CHUNKED}. Checks Host on the
     * way, since RFC 9112 section 3.2 makes its absence or repetition a 400 too.
     */
    static long bodyLength(HttpHeaders headers, HttpVersion version) {
        checkHost(headers, version);
        if (!headers.contains("Transfer-Encoding")) {
            return contentLength(headers);
        }
        if (version != HttpVersion.HTTP_1_1) {
            throw badRequest("Transfer-Encoding in an HTTP/1.0 request");
        }
        if (headers.contains("Content-Length")) {
            throw badRequest("both Content-Length and Transfer-Encoding");
        }
        checkTransferCoding(headers);
        return CHUNKED;
    }

    private static void checkHost(HttpHeaders headers, HttpVersion version) {
        int hosts = headers.count("Host");
        if (hosts > 1) {
            throw badRequest("more than one Host header");
        }
        if (hosts == 0) {
            if (version == HttpVersion.HTTP_1_1) {
                throw badRequest("HTTP/1.1 request without Host");
            }
            return;
        }
        String host = headers.get("Host");
        for (int i = 0; i < host.length(); i++) {
            if (!isHostChar(host.charAt(i))) {
                throw badRequest("invalid Host header");
            }
        }
    }

    /** RFC 3986 uri-host [ ":" port ]: unreserved, pct-encoded, sub-delims, ':' and IP literals. */
    private static boolean isHostChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
    }

    /**
     * The final coding must be chunked, and chunked may appear once (400 otherwise); no other
     * coding is implemented (501).
     */
    private static void checkTransferCoding(HttpHeaders headers) {
        int codings = 0;
        String last = null;
        for (String value : headers.getAll("Transfer-Encoding")) {
            for (String element : value.split(",", -1)) {
                String coding = element.strip();
                int semicolon = coding.indexOf(';');
                if (semicolon >= 0) {
                    coding = coding.substring(0, semicolon).strip();
                }
                if (coding.isEmpty()) {
                    continue; // RFC 9110 section 5.6.1: empty list elements do not count.
                }
                if (!HttpChars.isToken(coding)) {
                    throw badRequest("malformed Transfer-Encoding");
                }
                if (last != null && last.equalsIgnoreCase("chunked")) {
                    throw badRequest("chunked is not the final transfer coding");
                }
                last = coding;
                codings++;
            }
        }
        if (codings == 0 || !last.equalsIgnoreCase("chunked")) {
            throw badRequest("Transfer-Encoding does not end in chunked");
        }
        if (codings > 1) {
            throw new HttpParseException(501, "transfer coding not implemented");
        }
    }

    /**
     * Returns the declared body length, 0 when absent. Repeated or comma-listed values must agree
     * (RFC 9112 section 6.3 item 5); values too large for a long count as {@link Long#MAX_VALUE}.
     */
    private static long contentLength(HttpHeaders headers) {
        long length = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equalsIgnoreCase("Content-Length")) {
                continue;
            }
            for (String element : headers.value(i).split(",", -1)) {
                long value = parseDecimal(element.strip());
                if (length >= 0 && value != length) {
                    throw badRequest("conflicting Content-Length values");
                }
                length = value;
            }
        }
        return Math.max(length, 0);
    }

    private static long parseDecimal(String digits) {
        if (digits.isEmpty()) {
            throw badRequest("invalid Content-Length");
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw badRequest("invalid Content-Length");
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
