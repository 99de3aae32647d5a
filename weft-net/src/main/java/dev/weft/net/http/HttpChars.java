package dev.weft.net.http;

/** Character classes of RFC 9110 section 5.6, as lookup tables for the parser's hot loops. */
final class HttpChars {
    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_CHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // field-value: field-vchar (VCHAR / obs-text) plus SP and HTAB between them.
        FIELD_CHAR['\t'] = true;
        for (int c = 0x20; c <= 0x7E; c++) {
            FIELD_CHAR[c] = true;
        }
        for (int c = 0x80; c <= 0xFF; c++) {
            FIELD_CHAR[c] = true;
        }
    }

    private HttpChars() {}

    static boolean isTokenChar(int b) {
        return TCHAR[b & 0xFF];
    }

    /** VCHAR, obs-text, SP or HTAB: what may appear inside a field value. */
    static boolean isFieldChar(int b) {
        return FIELD_CHAR[b & 0xFF];
    }

    static boolean isWhitespace(int b) {
        return b == ' ' || b == '\t';
    }

    static boolean isToken(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /** A field value as a server may send it: field chars only, no leading or trailing blanks. */
    static boolean isFieldValue(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !FIELD_CHAR[c]) {
                return false;
            }
        }
        return s.isEmpty() || (!isWhitespace(s.charAt(0)) && !isWhitespace(s.charAt(s.length() - 1)));
    }

    static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }
}
