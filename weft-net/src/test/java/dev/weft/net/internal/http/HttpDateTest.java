package dev.weft.net.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The Date header line is formatted once per second and rolls over with the clock's second. */
class HttpDateTest {
    private final AtomicLong millis = new AtomicLong(784111777_000L);
    private final HttpDate date = new HttpDate(() -> Instant.ofEpochMilli(millis.get()));

    private String line() {
        return new String(date.headerLine(), StandardCharsets.US_ASCII);
    }

    @Test
    void withinOneSecondTheSameBytesAreReused() {
        byte[] first = date.headerLine();
        millis.addAndGet(999);
        assertThat(date.headerLine()).isSameAs(first);
        assertThat(line()).isEqualTo("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
    }

    @Test
    void theLineRollsOverAtTheNextSecond() {
        byte[] first = date.headerLine();
        millis.addAndGet(1000);
        assertThat(date.headerLine()).isNotSameAs(first);
        assertThat(line()).isEqualTo("Date: Sun, 06 Nov 1994 08:49:38 GMT\r\n");
        millis.addAndGet(60_000);
        assertThat(line()).isEqualTo("Date: Sun, 06 Nov 1994 08:50:38 GMT\r\n");
    }

    @Test
    void aClockGoingBackIsFollowedToo() {
        date.headerLine();
        millis.addAndGet(-1000);
        assertThat(line()).isEqualTo("Date: Sun, 06 Nov 1994 08:49:36 GMT\r\n");
    }
}
