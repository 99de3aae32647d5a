package dev.weft.net.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named string parameters where a name may repeat, in arrival order: a query string, or the
 * fields of a form, or the parameters of a routed path. Names are case-sensitive. Immutable.
 *
 * <p>The typed getters ({@link #getInt}, {@link #getLong}, {@link #getDuration}) take a default for an
 * absent parameter and throw {@link BadRequestException} for a present one that does not parse, which
 * the HTTP connection answers {@code 400 Bad Request} with a message naming the parameter:
 *
 * <pre>{@code
 * long ms = r.query().getLong("ms", 1000);   // ?ms=abc -> 400 "parameter 'ms' must be an integer, got 'abc'"
 * }</pre>
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
     * Returns the first value of a parameter, or {@code fallback} if it is absent.
     *
     * @param name the parameter name
     * @param fallback the value for an absent parameter
     * @return the first value, or {@code fallback}
     */
    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /**
     * Returns the first value of a parameter as an {@code int} (decimal, optionally signed).
     *
     * @param name the parameter name
     * @param fallback the value for an absent parameter
     * @return the value, or {@code fallback}
     * @throws BadRequestException if the parameter is present but not an {@code int}
     */
    public int getInt(String name, int fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw bad(name, "an integer", value);
        }
    }

    /**
     * Returns the first value of a parameter as a {@code long} (decimal, optionally signed).
     *
     * @param name the parameter name
     * @param fallback the value for an absent parameter
     * @return the value, or {@code fallback}
     * @throws BadRequestException if the parameter is present but not a {@code long}
     */
    public long getLong(String name, long fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw bad(name, "an integer", value);
        }
    }

    /**
     * Returns the first value of a parameter as a duration, in the grammar of Weft's command line
     * ({@code --older-than}): a whole number with the unit {@code ms}, {@code s}, {@code m} or {@code
     * h}, or a bare number of milliseconds ({@code 250ms}, {@code 3s}, {@code 2m}, {@code 1h}, {@code
     * 1500}).
     *
     * @param name the parameter name
     * @param fallback the value for an absent parameter
     * @return the value, or {@code fallback}
     * @throws BadRequestException if the parameter is present but not such a duration
     */
    public Duration getDuration(String name, Duration fallback) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        Duration d = parseDuration(value.strip());
        if (d == null) {
            throw bad(name, "a duration such as 500ms, 3s, 2m or 1h", value);
        }
        return d;
    }

    /** {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h} or milliseconds; null if it does not parse. */
    private static Duration parseDuration(String text) {
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0 || digits > 15) {
            return null; // 15 digits of hours still fit a Duration; more is not a real wait anyway
        }
        long n = Long.parseLong(text, 0, digits, 10);
        return switch (text.substring(digits)) {
            case "", "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> null;
        };
    }

    private static BadRequestException bad(String name, String expected, String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return new BadRequestException("parameter '" + name + "' must be " + expected + ", got '" + shown + "'");
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
