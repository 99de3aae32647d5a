package dev.weft.net.internal.websocket;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 section 9.1): an extension
 * name and its parameters in the order sent, quoted values already unquoted.
 *
 * @param name the extension token, such as {@code permessage-deflate}
 * @param params the parameters; duplicates are kept so that a negotiator can refuse them
 */
public record ExtensionOffer(String name, List<Param> params) {
    /**
     * One extension parameter.
     *
     * @param name the parameter token
     * @param value its value, or {@code null} when it has none
     */
    public record Param(String name, String value) {}

    /**
     * Parses every value of the header, in order. An element that breaks the grammar (a bad token, an
     * unterminated quote, an empty parameter) is left out, so that it is declined like any offer the
     * server does not understand; the elements around it still count.
     *
     * @param headerValues the values of every {@code Sec-WebSocket-Extensions} header line
     * @return the well-formed offers, in the client's order of preference
     */
    public static List<ExtensionOffer> parse(List<String> headerValues) {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : split(value, ',')) {
                if (element == null) {
                    return offers; // An unterminated quote: nothing after it can be trusted.
                }
                if (!element.isBlank()) {
                    ExtensionOffer offer = element(element);
                    if (offer != null) {
                        offers.add(offer);
                    }
                }
            }
        }
        return offers;
    }

    /** {@code name *( ";" param )}, or null if malformed. */
    private static ExtensionOffer element(String element) {
        List<String> parts = split(element, ';');
        String name = parts.getFirst().strip();
        if (!isToken(name)) {
            return null;
        }
        List<Param> params = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            Param param = param(part);
            if (param == null) {
                return null;
            }
            params.add(param);
        }
        return new ExtensionOffer(name, List.copyOf(params));
    }

    /** {@code token [ "=" ( token | quoted-string ) ]}, or null if malformed. */
    private static Param param(String part) {
        int eq = part.indexOf('=');
        String name = (eq < 0 ? part : part.substring(0, eq)).strip();
        if (!isToken(name)) {
            return null;
        }
        if (eq < 0) {
            return new Param(name, null);
        }
        String value = part.substring(eq + 1).strip();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = unquote(value.substring(1, value.length() - 1));
        }
        return value != null && isToken(value) ? new Param(name, value) : null;
    }

    /** The content of a quoted-string with its backslash escapes resolved; null for a lone quote. */
    private static String unquote(String inner) {
        StringBuilder out = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length()) {
                c = inner.charAt(++i);
            } else if (c == '"' || c == '\\') {
                return null;
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Splits at {@code separator} outside quoted strings. Returns a list whose last element is
     * {@code null} if a quote is left open.
     */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(quoted ? null : text.substring(start));
        return parts;
    }

    /** RFC 7230's token: one or more tchar. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }
}
