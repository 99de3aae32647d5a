package dev.weft.net.internal.http;

/** Character classes of RFC 9110 section 5.6, as lookup tables for the parser's hot loops. */
public final class HttpChars {
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

    /** Whether {@code b} is an RFC 9110 tchar. */
    public static boolean isTokenChar(int b) {
        return TCHAR[b & 0xFF];
    }

    /** VCHAR, obs-text, SP or HTAB: what may appear inside a field value. */
    /** Whether {@code b} may appear in a field value (VCHAR, obs-text, SP or HTAB). */
    public static boolean isFieldChar(int b) {
        return FIELD_CHAR[b & 0xFF];
    }

    /** Whether {@code b} is SP or HTAB. */
    public static boolean isWhitespace(int b) {
        return b == ' ' || b == '\t';
    }

    /** Whether {@code s} is a non-empty RFC 9110 token. */
    public static boolean isToken(CharSequence s) {
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
    /** Whether every char of {@code s} may appear in a field value. */
    public static boolean isFieldValue(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !FIELD_CHAR[c]) {
                return false;
            }
        }
        return s.isEmpty() || (!isWhitespace(s.charAt(0)) && !isWhitespace(s.charAt(s.length() - 1)));
    }

    /** The value of a hex digit, or -1 if {@code b} is not one. */
    public static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }

    /** Whether a comma-separated header value lists {@code token}, ignoring case and blanks. */
    public static boolean listContains(String list, String token) {
        int start = 0;
        int length = list.length();
        while (start <= length) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int from = start;
            int to = end;
            while (from < to && isWhitespace(list.charAt(from))) {
                from++;
            }
            while (to > from && isWhitespace(list.charAt(to - 1))) {
                to--;
            }
            if (to - from == token.length() && list.regionMatches(true, from, token, 0, token.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
