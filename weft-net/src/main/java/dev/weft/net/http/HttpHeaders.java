package dev.weft.net.http;

import dev.weft.net.internal.http.HttpChars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header (or trailer) fields of a request, in arrival order. Lookups ignore the case of the
 * field name, and a name may occur more than once. Values are the field values with surrounding
 * whitespace removed, decoded as ISO-8859-1 so that every received byte maps to one char.
 *
 * <p>Requests carry a few dozen fields at most, so lookups scan two parallel arrays instead of
 * hashing: cheaper to build per request, which is the common case on the hot path.
 */
public final class HttpHeaders {
    /** An empty, read-only set of fields. */
    public static final HttpHeaders EMPTY = new HttpHeaders(0);

    private String[] names;
    private String[] values;
    private int size;

    HttpHeaders(int capacity) {
        names = new String[capacity];
        values = new String[capacity];
    }

    void add(String name, String value) {
        if (size == names.length) {
            int capacity = Math.max(8, size * 2);
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    /**
     * Returns the number of field lines.
     *
     * @return how many fields were received
     */
    public int size() {
        return size;
    }

    /**
     * Returns the name of the field at {@code index}: as the client spelt it, or in canonical
     * spelling ({@code Content-Length}) for common names.
     *
     * @param index 0 to {@code size() - 1}, in arrival order
     * @return the field name
     */
    public String name(int index) {
        return names[checkIndex(index)];
    }

    /**
     * Returns the value of the field at {@code index}.
     *
     * @param index 0 to {@code size() - 1}, in arrival order
     * @return the field value
     */
    public String value(int index) {
        return values[checkIndex(index)];
    }

    /**
     * Returns the value of the first field with this name, ignoring case.
     *
     * @param name the field name
     * @return the first value, or {@code null} if there is no such field
     */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * Returns the values of every field with this name, ignoring case, in arrival order. Values
     * are not split at commas.
     *
     * @param name the field name
     * @return the values, empty if there is no such field
     */
    public List<String> getAll(String name) {
        List<String> all = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                all.add(values[i]);
            }
        }
        return all;
    }

    /**
     * Tells whether a field with this name is present, ignoring case.
     *
     * @param name the field name
     * @return true if at least one such field was received
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Counts the fields with this name, ignoring case.
     *
     * @param name the field name
     * @return the number of such field lines
     */
    public int count(String name) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Tells whether any field with this name holds {@code token} as one element of its
     * comma-separated list, ignoring case (as in {@code Connection: keep-alive, Upgrade}).
     *
     * @param name the field name
     * @param token the list element to look for
     * @return true if the token is present
     */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name) && HttpChars.listContains(values[i], token)) {
                return true;
            }
        }
        return false;
    }

    private int checkIndex(int index) {
        return java.util.Objects.checkIndex(index, size);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++) {
            text.append(names[i]).append(": ").append(values[i]).append('\n');
        }
        return text.toString();
    }
}
