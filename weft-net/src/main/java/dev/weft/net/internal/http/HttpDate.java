package dev.weft.net.internal.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date: <IMF-fixdate>\r\n} header line, formatted at most once per second: the
 * formatter is far too slow to run per response on a benchmark's hot path.
 */
final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    /** The second and its formatted line, swapped as one so readers never see a torn pair. */
    private record Line(long epochSecond, byte[] bytes) {}

    private final InstantSource clock;
    private volatile Line cached = new Line(Long.MIN_VALUE, null);

    HttpDate(InstantSource clock) {
        this.clock = clock;
    }

    byte[] headerLine() {
        long now = Math.floorDiv(clock.millis(), 1000);
        Line line = cached;
        if (line.epochSecond() != now) {
            String text = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(now)) + "\r\n";
            line = new Line(now, text.getBytes(StandardCharsets.US_ASCII));
            cached = line;
        }
        return line.bytes();
    }
}
