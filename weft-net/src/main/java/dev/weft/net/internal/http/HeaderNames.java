package dev.weft.net.internal.http;

import java.nio.charset.StandardCharsets;

/**
 * Shared String constants for common header names, so that parsing a typical request allocates
 * no String per header name. Matching ignores case and yields the canonical spelling.
 */
final class HeaderNames {
    private static final String[][] BY_LENGTH = new String[32][];

    static {
        String[] common = {
            "Host",
            "Connection",
            "Content-Length",
            "Content-Type",
            "Transfer-Encoding",
            "Accept",
            "Accept-Encoding",
            "Accept-Language",
            "User-Agent",
            "Cookie",
            "Expect",
            "Upgrade",
            "Origin",
            "Referer",
            "Authorization",
            "Cache-Control",
            "Pragma",
            "Range",
            "If-None-Match",
            "If-Modified-Since",
            "Sec-WebSocket-Key",
            "Sec-WebSocket-Version",
            "Sec-WebSocket-Protocol",
            "Sec-WebSocket-Extensions",
            "X-Forwarded-For",
            "X-Requested-With",
            "Keep-Alive",
            "TE",
            "Trailer",
            "Via",
            "Date",
            "Content-Encoding",
            "Accept-Charset",
            "DNT",
            "Sec-Fetch-Mode",
            "Sec-Fetch-Site",
            "Sec-Fetch-Dest",
            "Upgrade-Insecure-Requests",
            "Priority"
        };
        for (String name : common) {
            String[] slot = BY_LENGTH[name.length()];
            String[] grown = slot == null ? new String[1] : java.util.Arrays.copyOf(slot, slot.length + 1);
            grown[grown.length - 1] = name;
            BY_LENGTH[name.length()] = grown;
        }
    }

    private HeaderNames() {}

    /** Returns the header name in {@code bytes[0, length)}, shared when it is a common one. */
    static String intern(byte[] bytes, int length) {
        if (length < BY_LENGTH.length && BY_LENGTH[length] != null) {
            for (String candidate : BY_LENGTH[length]) {
                if (equalsIgnoreAsciiCase(candidate, bytes)) {
                    return candidate;
                }
            }
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean equalsIgnoreAsciiCase(String name, byte[] bytes) {
        for (int i = 0; i < name.length(); i++) {
            int a = name.charAt(i);
            int b = bytes[i];
            // Only letters fold case; every other byte must match exactly.
            if (a != b && ((a | 0x20) != (b | 0x20) || !Character.isLetter(a))) {
                return false;
            }
        }
        return true;
    }
}
