package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.WAIT;
import static dev.weft.coroutine.CoTesting.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coroutine.internal.loop.EventLoop;
import dev.weft.coroutine.internal.loop.LoopGroup;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Where coroutines run in event-loop mode (the test JVM has {@code -Dweft.loops=2}): children stay
 * on their parent's loop, coroutines started from platform threads are spread over the loops, and
 * timers fire on the loop that added them. Not part of the fallback-mode test run.
 */
class LoopPlacementTest {

    @Test
    void theProcessRunsTheConfiguredNumberOfEventLoops() {
        assertThat(EventLoops.mode()).isEqualTo(EventLoops.Mode.EVENT_LOOPS);
        assertThat(EventLoops.fallbackReason()).isNull();
        assertThat(EventLoops.count()).isEqualTo(Integer.getInteger(LoopGroup.COUNT_PROPERTY, 1));
        assertThat(EventLoops.stallThreshold()).isEqualTo(Duration.ofMillis(100));
        assertThat(EventLoops.onLoop()).isFalse();
    }

    @Test
    void childrenOfACoroutineStayOnItsLoopWhetherStartedByCoGoOrAsPlainVirtualThreads() throws Exception {
        CompletableFuture<EventLoop> parent = new CompletableFuture<>();
        CompletableFuture<EventLoop> coChild = new CompletableFuture<>();
        CompletableFuture<EventLoop> grandChild = new CompletableFuture<>();
        CompletableFuture<EventLoop> threadChild = new CompletableFuture<>();
        Co.go(() -> {
            parent.complete(EventLoop.current());
            Co.go(() -> {
                coChild.complete(EventLoop.current());
                Co.go(() -> grandChild.complete(EventLoop.current()));
            });
            Thread.ofVirtual().start(() -> threadChild.complete(EventLoop.current()));
        });
        EventLoop loop = get(parent);
        assertThat(loop).isNotNull();
        assertThat(get(coChild)).isSameAs(loop);
        assertThat(get(grandChild)).isSameAs(loop);
        assertThat(get(threadChild)).isSameAs(loop);
    }

    @Test
    void coroutinesStartedFromAPlatformThreadAreSpreadOverTheLoops() throws Exception {
        Set<EventLoop> used = new HashSet<>();
        for (int i = 0; i < 2 * EventLoops.count(); i++) {
            CompletableFuture<EventLoop> on = new CompletableFuture<>();
            Co.go(() -> on.complete(EventLoop.current()));
            used.add(get(on));
        }
        assertThat(used).hasSize(EventLoops.count()).doesNotContainNull();
    }

    @Test
    void aTimerAddedOnALoopRunsItsTaskOnThatLoop() throws Exception {
        CompletableFuture<EventLoop> added = new CompletableFuture<>();
        CompletableFuture<EventLoop> ran = new CompletableFuture<>();
        Co.go(() -> {
            added.complete(EventLoop.current());
            Timer.add(Duration.ofMillis(10), () -> ran.complete(EventLoop.current()), false);
        });
        assertThat(get(ran)).isNotNull().isSameAs(get(added));
    }

    @Test
    void aRepeatingTimerOnALoopKeepsFiringUntilDeleted() throws Exception {
        CompletableFuture<Long> id = new CompletableFuture<>();
        java.util.concurrent.CountDownLatch runs = new java.util.concurrent.CountDownLatch(3);
        Co.go(() -> id.complete(Timer.add(Duration.ofMillis(5), runs::countDown, true)));
        assertThat(runs.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        assertThat(Timer.del(get(id))).isTrue();
        assertThat(Timer.del(get(id))).isFalse();
    }
}
