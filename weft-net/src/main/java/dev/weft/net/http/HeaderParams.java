package dev.weft.net.http;

import dev.weft.net.internal.http.HttpChars;
import java.util.Locale;

/**
 * Reads {@code value; name=param; name="quoted param"} headers such as Content-Type and
 * Content-Disposition (RFC 9110 section 5.6.6).
 */
final class HeaderParams {
    private HeaderParams() {}

    /** Returns the part before the first ';', trimmed and lower-cased: the media type. */
    static String main(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the value of parameter {@code name} (case-insensitive), unquoted, or {@code null}.
     * Semicolons inside quoted strings do not split parameters.
     */
    static String param(String header, String name) {
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int start = i + 1;
            int eq = header.indexOf('=', start);
            if (eq < 0) {
                return null;
            }
            String key = header.substring(start, eq).strip();
            int valueStart = eq + 1;
            while (valueStart < header.length() && HttpChars.isWhitespace(header.charAt(valueStart))) {
                valueStart++;
            }
            String value;
            int next;
            if (valueStart < header.length() && header.charAt(valueStart) == '"') {
                StringBuilder quoted = new StringBuilder();
                int j = valueStart + 1;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    quoted.append(c);
                    j++;
                }
                value = quoted.toString();
                next = header.indexOf(';', j);
            } else {
                next = header.indexOf(';', valueStart);
                value = header.substring(valueStart, next < 0 ? header.length() : next)
                        .strip();
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = next;
        }
        return null;
    }
}
