package dev.weft.net.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the {@code Cookie} request header (RFC 6265 section 5.4). */
final class Cookies {
    private Cookies() {}

    /**
     * Returns name to value for every {@code name=value} pair in the headers. The first pair of a
     * name wins (browsers send the most specific cookie first); pairs without {@code =} or with an
     * empty name are skipped; a double-quoted value loses its quotes. Nothing is percent-decoded.
     */
    static Map<String, String> parse(List<String> headerValues) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : headerValues) {
            int start = 0;
            while (start < header.length()) {
                int semicolon = header.indexOf(';', start);
                int end = semicolon < 0 ? header.length() : semicolon;
                int eq = header.indexOf('=', start);
                if (eq > start && eq < end) {
                    String name = header.substring(start, eq).strip();
                    String value = header.substring(eq + 1, end).strip();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    if (!name.isEmpty()) {
                        cookies.putIfAbsent(name, value);
                    }
                }
                start = end + 1;
            }
        }
        return cookies.isEmpty() ? Map.of() : Collections.unmodifiableMap(cookies);
    }
}
