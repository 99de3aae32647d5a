package dev.weft.net.http;

import dev.weft.net.internal.http.HttpChars;
import java.nio.charset.StandardCharsets;

/** Decodes {@code %XX} escapes and {@code +} as space in URL-encoded bytes into UTF-8 text. */
final class PercentDecoder {
    private PercentDecoder() {}

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
