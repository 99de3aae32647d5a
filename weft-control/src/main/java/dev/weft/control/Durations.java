package dev.weft.control;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of the control plane, for every flag and argument that takes one
 * ({@code --older-than}, {@code --timeout}, the monitor's settings, command arguments): a non-negative
 * number, with a fraction if wanted, and a unit {@code ms}, {@code s}, {@code m} or {@code h}; without a
 * unit, seconds ({@code --older-than 30}).
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the text and the grammar when it is not a duration
     */
    public static Duration parse(String text) {
        if (text != null) {
            Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                double nanosPerUnit =
                        switch (unit) {
                            case "ms" -> 1e6;
                            case "m" -> 60e9;
                            case "h" -> 3600e9;
                            default -> 1e9;
                        };
                double nanos = amount * nanosPerUnit;
                if (nanos < Long.MAX_VALUE) {
                    return Duration.ofNanos((long) nanos);
                }
            }
        }
        throw new IllegalArgumentException(
                "invalid duration '" + text + "' (use 500ms, 30s, 2m or 1h; a bare number is seconds)");
    }
}
