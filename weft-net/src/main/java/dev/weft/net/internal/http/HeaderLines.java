package dev.weft.net.internal.http;

import java.nio.charset.StandardCharsets;

/**
 * Pre-encoded bytes of the response header lines and names the encoder writes most, so a typical
 * response copies them whole instead of converting char by char. Matching is by identity: the
 * constants of {@link dev.weft.net.http.Response} (and any literal a handler passes) are the same
 * interned String instances as these; an equal String from elsewhere just takes the general path,
 * with the same bytes.
 */
final class HeaderLines {
    /** {@code name, value} pairs written as one pre-encoded line. */
    private static final String[] LINE_TEXT = {
        "Content-Type", "text/plain; charset=utf-8",
        "Content-Type", "text/html; charset=utf-8",
        "Content-Type", "application/json",
        "Content-Type", "application/octet-stream",
    };

    /** Names written as pre-encoded {@code Name: }. */
    private static final String[] NAME_TEXT = {
        "Content-Type",
        "Connection",
        "Cache-Control",
        "Location",
        "Set-Cookie",
        "Server",
        "Content-Encoding",
        "Content-Disposition",
        "Last-Modified",
        "ETag",
        "Vary",
        "Upgrade",
        "Sec-WebSocket-Accept",
        "Sec-WebSocket-Protocol",
        "Access-Control-Allow-Origin",
    };

    private static final byte[][] LINES = new byte[LINE_TEXT.length / 2][];
    private static final byte[][] NAMES = new byte[NAME_TEXT.length][];

    static {
        for (int i = 0; i < LINES.length; i++) {
            LINES[i] = ascii(LINE_TEXT[2 * i] + ": " + LINE_TEXT[2 * i + 1] + "\r\n");
        }
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = ascii(NAME_TEXT[i] + ": ");
        }
    }

    private HeaderLines() {}

    /** The whole {@code name: value\r\n} line, pre-encoded, or null if it is not a common one. */
    @SuppressWarnings("ReferenceEquality") // identity on purpose: see the class comment
    static byte[] line(String name, String value) {
        for (int i = 0; i < LINES.length; i++) {
            if (LINE_TEXT[2 * i] == name && LINE_TEXT[2 * i + 1] == value) {
                return LINES[i];
            }
        }
        return null;
    }

    /** {@code name: }, pre-encoded, or null if the name is not a common one. */
    @SuppressWarnings("ReferenceEquality") // identity on purpose: see the class comment
    static byte[] name(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAME_TEXT[i] == name) {
                return NAMES[i];
            }
        }
        return null;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
