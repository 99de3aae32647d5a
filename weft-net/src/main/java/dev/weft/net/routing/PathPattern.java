package dev.weft.net.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A route's path pattern, compiled once into segments: literals (compared with the raw,
 * percent-encoded path), {@code {name}} parameters (one non-empty segment each) and an optional
 * {@code *} tail (the rest of the path, possibly empty). Matching walks the path once with {@link
 * String#regionMatches}; it allocates only the parameter values.
 */
final class PathPattern implements Comparable<PathPattern> {
    private static final int LITERAL = 0;
    private static final int PARAM = 1;
    private static final int WILDCARD = 2;
    /** The name a wildcard tail's value has in {@code HttpRequest.pathParams()}. */
    static final String TAIL = "*";

    private final String source;
    private final int[] kinds;
    /** The literal text of a literal segment, the name of a parameter, {@link #TAIL} for the wildcard. */
    private final String[] texts;

    private final String[] names;

    private PathPattern(String source, int[] kinds, String[] texts, String[] names) {
        this.source = source;
        this.kinds = kinds;
        this.texts = texts;
        this.names = names;
    }

    /**
     * Compiles {@code pattern}.
     *
     * @throws IllegalArgumentException with the reason, for a pattern that does not start with
     *     {@code /}, a malformed or repeated parameter, or a {@code *} that is not the last segment
     */
    static PathPattern compile(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route pattern starts with '/': " + pattern);
        }
        String[] parts = pattern.substring(1).split("/", -1);
        int[] kinds = new int[parts.length];
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals(TAIL)) {
                if (i != parts.length - 1) {
                    throw new IllegalArgumentException("'*' must be the last segment of a route: " + pattern);
                }
                kinds[i] = WILDCARD;
                names.add(TAIL);
            } else if (part.startsWith("{") && part.endsWith("}") && part.length() > 2) {
                String name = part.substring(1, part.length() - 1);
                if (!isName(name) || !seen.add(name)) {
                    throw new IllegalArgumentException("bad or repeated parameter '" + part + "' in route " + pattern);
                }
                kinds[i] = PARAM;
                parts[i] = name;
                names.add(name);
            } else if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0 || part.indexOf('*') >= 0) {
                throw new IllegalArgumentException(
                        "a parameter or '*' takes a whole segment: '" + part + "' in route " + pattern);
            } else {
                kinds[i] = LITERAL;
            }
        }
        return new PathPattern(pattern, kinds, parts, names.toArray(String[]::new));
    }

    private static boolean isName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Whether the pattern has no parameter and no wildcard: it matches exactly one path. */
    boolean isLiteral() {
        return names.length == 0;
    }

    /** The parameter names in order (the wildcard's is {@link #TAIL}). */
    String[] names() {
        return names;
    }

    /**
     * Matches {@code path}, putting the raw parameter values into {@code values} (in {@link #names()}
     * order).
     *
     * @return whether it matches
     */
    boolean match(String path, String[] values) {
        int length = path.length();
        if (length == 0 || path.charAt(0) != '/') {
            return false; // "*" of OPTIONS *
        }
        int pos = 1;
        int param = 0;
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == WILDCARD) {
                values[param] = pos >= length ? "" : path.substring(pos);
                return true;
            }
            if (pos > length) {
                return false; // the path ran out
            }
            int end = path.indexOf('/', pos);
            if (end < 0) {
                end = length;
            }
            if (kinds[i] == LITERAL) {
                String literal = texts[i];
                if (end - pos != literal.length() || !path.regionMatches(pos, literal, 0, literal.length())) {
                    return false;
                }
            } else {
                if (end == pos) {
                    return false; // a parameter is never empty
                }
                values[param++] = path.substring(pos, end);
            }
            pos = end + 1;
        }
        return pos == length + 1; // the whole path, and no trailing slash the pattern lacks
    }

    /**
     * More specific first: at the first segment where two patterns differ in kind, a literal before a
     * parameter before a wildcard; a pattern that ends before another's wildcard comes first.
     */
    @Override
    public int compareTo(PathPattern o) {
        int n = Math.min(kinds.length, o.kinds.length);
        for (int i = 0; i < n; i++) {
            if (kinds[i] != o.kinds[i]) {
                return Integer.compare(kinds[i], o.kinds[i]);
            }
        }
        return Integer.compare(kinds.length, o.kinds.length);
    }

    /** Whether both patterns match the same paths with the same parameter positions. */
    boolean sameShape(PathPattern o) {
        if (kinds.length != o.kinds.length) {
            return false;
        }
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] != o.kinds[i] || (kinds[i] == LITERAL && !texts[i].equals(o.texts[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return source;
    }
}
