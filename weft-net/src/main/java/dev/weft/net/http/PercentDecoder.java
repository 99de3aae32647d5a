package dev.weft.net.http;

import dev.weft.net.internal.text.HttpChars;
import java.nio.charset.StandardCharsets;

/** Decodes {@code %XX} escapes and {@code +} as space in URL-encoded bytes into UTF-8 text. */
final class PercentDecoder {
    private PercentDecoder() {}

    /**
     * Decodes one path segment: {@code %XX} escapes only ({@code +} is a plus in a path). Returns
     * {@code raw} itself when it has no escape, the common case.
     */
    static String decodePathSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] text = raw.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length];
        int n = 0;
        for (int i = 0; i < text.length; i++) {
            byte b = text[i];
            if (b == '%') {
                int hi = i + 2 < text.length ? HttpChars.hexValue(text[i + 1]) : -1;
                int lo = hi >= 0 ? HttpChars.hexValue(text[i + 2]) : -1;
                if (lo < 0) {
                    throw new BadRequestException("malformed percent-encoding in the path");
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                bytes[n++] = b;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    static String decode(byte[] text, int from, int to) {
        int firstSpecial = from;
        while (firstSpecial < to && text[firstSpecial] != '%' && text[firstSpecial] != '+') {
            firstSpecial++;
        }
        if (firstSpecial == to) {
            return new String(text, from, to - from, StandardCharsets.UTF_8); // The common case.
        }
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = text[i];
            if (b == '%') {
                int hi = i + 2 < to ? HttpChars.hexValue(text[i + 1]) : -1;
                int lo = hi >= 0 ? HttpChars.hexValue(text[i + 2]) : -1;
                if (lo < 0) {
                    throw HttpParseException.badRequest("malformed percent-encoding");
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                bytes[n++] = b == '+' ? (byte) ' ' : b;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
