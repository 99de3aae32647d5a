package dev.weft.net.internal.websocket;

/**
 * Checks UTF-8 (RFC 3629) incrementally, so a text message can be rejected on the fragment that
 * breaks it, and a code point may span fragments. Rejects overlong forms, surrogates and code
 * points above U+10FFFF.
 */
final class Utf8Validator {
    /** Continuation bytes still expected for the current code point. */
    private int pending;
    /** Allowed range of the next continuation byte; narrower right after E0, ED, F0, F4. */
    private int lower = 0x80;

    private int upper = 0xBF;

    /** Feeds bytes; returns false as soon as they cannot be part of valid UTF-8. */
    boolean feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (pending == 0) {
                if (b < 0x80) {
                    continue;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    pending = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    pending = 2;
                    lower = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                    upper = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
                } else if (b >= 0xF0 && b <= 0xF4) {
                    pending = 3;
                    lower = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                    upper = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would exceed U+10FFFF
                } else {
                    return false;
                }
            } else {
                if (b < lower || b > upper) {
                    return false;
                }
                lower = 0x80;
                upper = 0xBF;
                pending--;
            }
        }
        return true;
    }

    /** True if the bytes fed so far end on a code point boundary. */
    boolean complete() {
        return pending == 0;
    }

    void reset() {
        pending = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
