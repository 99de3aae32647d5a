package dev.weft.server.internal.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a worker gives its heap back: once after a burst, with a fake heap and clock. */
class HeapShrinkTest {
    private static final long MB = 1 << 20;
    private final AtomicLong heap = new AtomicLong(8 * MB);
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapShrink shrink = new HeapShrink(heap::get, collections::incrementAndGet);
    private long now = 1_000_000_000L;

    @Test
    void oneCollectionOnceABurstIsOverAndTheHeapHasGrown() {
        shrink.heartbeat(0, tick(0));
        shrink.heartbeat(5_000, tick(1));
        heap.set(40 * MB);
        shrink.heartbeat(9_000, tick(1));
        shrink.heartbeat(9_000, tick(9));
        assertThat(collections).as("not before 10 s without a request").hasValue(0);
        shrink.heartbeat(9_000, tick(1));
        assertThat(collections).hasValue(1);
        shrink.heartbeat(9_000, tick(30));
        assertThat(collections).as("once per burst").hasValue(1);

        shrink.heartbeat(9_500, tick(1));
        shrink.heartbeat(9_500, tick(10));
        assertThat(collections).as("the next burst, still above the baseline").hasValue(2);
    }

    @Test
    void noCollectionInAWorkerThatStayedIdleOrWhoseHeapDidNotGrow() {
        shrink.heartbeat(0, tick(0));
        shrink.heartbeat(0, tick(60));
        assertThat(collections).as("never busy").hasValue(0);

        shrink.heartbeat(100, tick(1));
        heap.set(8 * MB + HeapShrink.GROWTH - 1);
        shrink.heartbeat(100, tick(20));
        assertThat(collections).as("grew less than the threshold").hasValue(0);
    }

    private long tick(long seconds) {
        now += Duration.ofSeconds(seconds).toNanos();
        return now;
    }
}
