package dev.weft.net.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named string parameters where a name may repeat, in arrival order: a query string, or the
 * fields of a form. Names are case-sensitive. Immutable.
 */
public final class Parameters {
    /** No parameters. */
    public static final Parameters EMPTY = new Parameters(Map.of());

    private final Map<String, List<String>> values;

    private Parameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses {@code application/x-www-form-urlencoded} text, the format of query strings and of
     * simple HTML form bodies: {@code name=value} pairs joined by {@code &}, where {@code +} is a
     * space and {@code %XX} escapes a byte of UTF-8. A pair without {@code =} has the empty value;
     * empty pairs are skipped. Invalid UTF-8 decodes to U+FFFD.
     *
     * @param text the encoded text, without a leading {@code ?}
     * @param maxParameters the most pairs accepted
     * @return the parameters
     * @throws HttpParseException with status 400 for a malformed escape or too many pairs
     */
    public static Parameters parseUrlEncoded(String text, int maxParameters) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        return parseUrlEncoded(text.getBytes(StandardCharsets.UTF_8), maxParameters);
    }

    static Parameters parseUrlEncoded(byte[] text, int maxParameters) {
        Builder builder = new Builder();
        int start = 0;
        int count = 0;
        while (start <= text.length) {
            int end = indexOf(text, '&', start, text.length);
            if (end > start) {
                if (++count > maxParameters) {
                    throw HttpParseException.badRequest("more than " + maxParameters + " parameters");
                }
                int eq = indexOf(text, '=', start, end);
                if (eq == end) {
                    builder.add(PercentDecoder.decode(text, start, end), "");
                } else {
                    builder.add(PercentDecoder.decode(text, start, eq), PercentDecoder.decode(text, eq + 1, end));
                }
            }
            start = end + 1;
        }
        return builder.build();
    }

    /** Returns the index of {@code b} in {@code text[from, to)}, or {@code to} if absent. */
    private static int indexOf(byte[] text, char b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return to;
    }

    /**
     * Returns the first value of a parameter.
     *
     * @param name the parameter name
     * @return the first value, or {@code null} if absent
     */
    public String get(String name) {
        List<String> all = values.get(name);
        return all == null ? null : all.getFirst();
    }

    /**
     * Returns every value of a parameter, in arrival order.
     *
     * @param name the parameter name
     * @return the values, empty if absent
     */
    public List<String> getAll(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * Returns the parameter names in order of first arrival.
     *
     * @return the names
     */
    public Set<String> names() {
        return values.keySet();
    }

    /**
     * Tells whether there are no parameters.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Returns the parameters as a read-only map from name to values.
     *
     * @return the map view
     */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects parameters in order; used by the query, form and multipart parsers. */
    static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        void add(String name, String value) {
            values.computeIfAbsent(name, k -> new java.util.ArrayList<>(1)).add(value);
        }

        Parameters build() {
            if (values.isEmpty()) {
                return EMPTY;
            }
            values.replaceAll((k, v) -> List.copyOf(v));
            return new Parameters(Collections.unmodifiableMap(values));
        }
    }
}
