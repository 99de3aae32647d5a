package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Typed, forgiving access to a command's JSON arguments. Every getter throws
 * {@link CommandException} with a message naming the argument when the value is malformed, so
 * commands need no validation code of their own.
 */
public final class Args {
    private final JsonNode node;

    /** Wraps {@code node}; null, JSON null and non-objects other than null are handled by {@link #of}. */
    private Args(JsonNode node) {
        this.node = node;
    }

    /**
     * Wraps a command's arguments.
     *
     * @throws CommandException if {@code node} is neither absent, null nor a JSON object
     */
    public static Args of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new Args(NullNode.getInstance());
        }
        if (!node.isObject()) {
            throw new CommandException("args must be a JSON object, got "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return new Args(node);
    }

    /** Whether {@code name} is given (and not JSON null). */
    public boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** A boolean flag: absent → false; {@code true}/{@code "true"}/{@code 1} → true. */
    public boolean flag(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()
                && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        if (v.isIntegralNumber() && (v.longValue() == 0 || v.longValue() == 1)) {
            return v.longValue() == 1;
        }
        throw new CommandException("argument '" + name + "' must be true or false, got " + v);
    }

    /** A required non-negative integer such as a coroutine id ({@code 42} or {@code "42"}). */
    public long requiredLong(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new CommandException("missing argument '" + name + "'");
        }
        long value;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            value = v.longValue();
        } else if (v.isTextual()) {
            try {
                value = Long.parseLong(v.textValue().trim());
            } catch (NumberFormatException e) {
                throw new CommandException("argument '" + name + "' must be an integer, got \"" + v.textValue() + "\"");
            }
        } else {
            throw new CommandException("argument '" + name + "' must be an integer, got " + v);
        }
        if (value < 0) {
            throw new CommandException("argument '" + name + "' must not be negative, got " + value);
        }
        return value;
    }

    /**
     * An optional duration: a number of milliseconds, or text such as {@code "500ms"}, {@code "30s"},
     * {@code "2m"}, {@code "1h"} (no unit: seconds, as operators type {@code --older-than 30}).
     *
     * @return the duration, or null when absent
     */
    public Duration duration(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            if (v.doubleValue() < 0 || !Double.isFinite(v.doubleValue())) {
                throw new CommandException("argument '" + name + "' must be a non-negative duration, got " + v);
            }
            return Duration.ofNanos((long) (v.doubleValue() * 1_000_000));
        }
        if (v.isTextual()) {
            try {
                return Durations.parse(v.textValue());
            } catch (IllegalArgumentException e) {
                // reported below, naming the argument
            }
        }
        throw new CommandException(
                "argument '" + name + "' must be a duration like 500ms, 30s, 2m or a number of milliseconds, got " + v);
    }

    /** A required duration; see {@link #duration(String)}. */
    public Duration requiredDuration(String name) {
        Duration d = duration(name);
        if (d == null) {
            throw new CommandException("missing argument '" + name + "'");
        }
        return d;
    }

    /** An optional regular expression. */
    public Pattern pattern(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new CommandException(
                    "argument '" + name + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    /** An optional text argument. */
    public String text(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new CommandException("argument '" + name + "' must be a string, got " + v);
        }
        return v.textValue();
    }
}
