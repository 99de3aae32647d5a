package dev.weft.coroutine.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerHeapTest {

    private static final class Probe extends LoopTimer {
        Probe(long deadline) {
            super(deadline);
        }

        @Override
        protected void fire() {}
    }

    @Test
    void expiredTimersComeOutInDeadlineOrderAndRemovedOnesNeverComeOut() {
        TimerHeap heap = new TimerHeap();
        Random random = new Random(42);
        List<Probe> kept = new ArrayList<>();
        List<Probe> removed = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Probe p = new Probe(random.nextInt(10_000));
            heap.add(p);
            (i % 3 == 0 ? removed : kept).add(p);
        }
        for (Probe p : removed) {
            assertThat(heap.remove(p)).isTrue();
            assertThat(heap.remove(p)).isFalse();
        }
        assertThat(heap.size()).isEqualTo(kept.size());

        List<Long> out = new ArrayList<>();
        LoopTimer t;
        while ((t = heap.pollExpired(10_000)) != null) {
            out.add(t.deadline());
            assertThat(removed).doesNotContain((Probe) t);
        }
        assertThat(out).hasSize(kept.size()).isSorted();
        assertThat(heap.size()).isZero();
    }

    @Test
    void aTimerWhoseDeadlineHasNotComeStaysQueued() {
        TimerHeap heap = new TimerHeap();
        Probe later = new Probe(500);
        heap.add(later);
        assertThat(heap.pollExpired(499)).isNull();
        assertThat(heap.pollExpired(500)).isSameAs(later);
    }

    @Test
    void deadlinesCompareAcrossNanoTimeOverflow() {
        TimerHeap heap = new TimerHeap();
        Probe beforeWrap = new Probe(Long.MAX_VALUE - 10);
        Probe afterWrap = new Probe(Long.MIN_VALUE + 10);
        heap.add(afterWrap);
        heap.add(beforeWrap);
        assertThat(heap.peek()).isSameAs(beforeWrap);
    }
}
