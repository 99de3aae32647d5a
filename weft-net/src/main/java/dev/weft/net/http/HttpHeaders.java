package dev.weft.net.http;

import dev.weft.net.internal.text.HttpChars;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The header (or trailer) fields of a request, in arrival order. Lookups ignore the case of the
 * field name, and a name may occur more than once. Values are the field values with surrounding
 * whitespace removed, decoded as ISO-8859-1 so that every received byte maps to one char.
 *
 * <p>Requests carry a few dozen fields at most, so lookups scan the names instead of hashing:
 * cheaper to build per request, which is the common case on the hot path. Received values are kept
 * as bytes and become Strings only when read.
 */
public final class HttpHeaders {
    /** An empty, read-only set of fields. */
    public static final HttpHeaders EMPTY = new HttpHeaders(0);

    private static final byte[] NO_BYTES = new byte[0];

    private String[] names;
    /**
     * Values as Strings, made on first read: a handler that reads no header (and the parser, which
     * checks framing by name and Host by its bytes) costs no String per field. Null until needed.
     */
    private String[] values;
    /** For fields added from received bytes: start and length of the value in {@link #raw}. */
    private int[] spans;
    /** The received value bytes of all fields, back to back; ISO-8859-1, so one byte is one char. */
    private byte[] raw = NO_BYTES;

    private int rawLength;
    private int size;

    HttpHeaders(int capacity) {
        names = new String[capacity];
        spans = new int[capacity * 2];
    }

    void add(String name, String value) {
        int i = append(name, 0, 0);
        if (values == null) {
            values = new String[names.length];
        }
        values[i] = value;
    }

    /** Adds a field whose value is {@code length} bytes of {@code bytes} from {@code from}; copied, not decoded. */
    void addRaw(String name, byte[] bytes, int from, int length) {
        if (rawLength + length > raw.length) {
            raw = Arrays.copyOf(raw, Math.max(Math.max(64, raw.length * 2), rawLength + length));
        }
        System.arraycopy(bytes, from, raw, rawLength, length);
        append(name, rawLength, length);
        rawLength += length;
    }

    private int append(String name, int start, int length) {
        if (size == names.length) {
            int capacity = Math.max(8, size * 2);
            names = Arrays.copyOf(names, capacity);
            spans = Arrays.copyOf(spans, capacity * 2);
            if (values != null) {
                values = Arrays.copyOf(values, capacity);
            }
        }
        names[size] = name;
        spans[2 * size] = start;
        spans[2 * size + 1] = length;
        return size++;
    }

    /** The value of field {@code i}, decoded on first use. */
    private String valueAt(int i) {
        String[] v = values;
        if (v == null) {
            v = new String[names.length];
            values = v;
        }
        String value = v[i];
        if (value == null) {
            value = new String(raw, spans[2 * i], spans[2 * i + 1], StandardCharsets.ISO_8859_1);
            v[i] = value;
        }
        return value;
    }

    /** The index of the first field with this name, ignoring case, or -1. */
    int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether every char of field {@code i}'s value satisfies {@code test}, without decoding it. */
    boolean valueMatches(int i, IntPredicate test) {
        Objects.checkIndex(i, size);
        if (values != null && values[i] != null) {
            return values[i].chars().allMatch(test);
        }
        for (int k = spans[2 * i], end = k + spans[2 * i + 1]; k < end; k++) {
            if (!test.test(raw[k] & 0xFF)) {
                return false;
            }
        }
        return true;
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
        return valueAt(checkIndex(index));
    }

    /**
     * Returns the value of the first field with this name, ignoring case.
     *
     * @param name the field name
     * @return the first value, or {@code null} if there is no such field
     */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : valueAt(i);
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
                all.add(valueAt(i));
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
        return indexOf(name) >= 0;
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
            if (names[i].equalsIgnoreCase(name) && HttpChars.listContains(valueAt(i), token)) {
                return true;
            }
        }
        return false;
    }

    private int checkIndex(int index) {
        return Objects.checkIndex(index, size);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++) {
            text.append(names[i]).append(": ").append(valueAt(i)).append('\n');
        }
        return text.toString();
    }
}
