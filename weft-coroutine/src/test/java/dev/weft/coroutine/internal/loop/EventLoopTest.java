package dev.weft.coroutine.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An event loop of its own (not the process's), with a 50 ms stall threshold: scheduling,
 * timers, and stall detection of a CPU hog and of a wait pinned in a class initializer.
 */
class EventLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static StallWatch watch;
    private static EventLoop loop;
    private static final List<LogRecord> WARNINGS = new ArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (WARNINGS) {
                WARNINGS.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void startLoop() {
        Logger.getLogger("dev.weft.coroutine.loop").addHandler(CAPTURE);
        watch = new StallWatch(50, Duration.ZERO);
        loop = new EventLoop(99, watch);
        watch.watch(loop);
    }

    @AfterAll
    static void stopCapturing() {
        Logger.getLogger("dev.weft.coroutine.loop").removeHandler(CAPTURE);
    }

    private static Thread start(Runnable r) {
        Thread t = loop.newThread(false, r);
        t.start();
        return t;
    }

    /** Waits until the stall count has settled above {@code before}: the stall is over and counted. */
    private static long stallsAfter(long before) {
        await().atMost(WAIT).until(() -> watch.count() > before);
        return watch.count() - before;
    }

    @Test
    void virtualThreadsItMakesRunOnItsThreadAndKnowTheirLoop() throws Exception {
        CompletableFuture<String> carrier = new CompletableFuture<>();
        CompletableFuture<EventLoop> current = new CompletableFuture<>();
        Thread t = start(() -> {
            carrier.complete(VirtualThreadHooks.currentCarrier().getName());
            current.complete(EventLoop.current());
        });
        assertThat(t.join(WAIT)).isTrue();
        assertThat(carrier.get()).isEqualTo("weft-loop-99");
        assertThat(current.get()).isSameAs(loop);
    }

    @Test
    void aThreadStartedInsideALoopThreadInheritsTheLoop() throws Exception {
        CompletableFuture<EventLoop> child = new CompletableFuture<>();
        start(() -> Thread.ofVirtual().start(() -> child.complete(EventLoop.current())));
        assertThat(child.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(loop);
    }

    @Test
    void tasksFromAnotherThreadWakeTheBlockedSelector() throws Exception {
        for (int i = 0; i < 100; i++) {
            CompletableFuture<Boolean> ran = new CompletableFuture<>();
            loop.execute(() -> ran.complete(loop.inLoop()));
            assertThat(ran.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Foreign submitters racing a loop that keeps switching between running tasks (selectNow) and
     * blocking in select: a wake-up consumed by a selectNow must not silence the next one (a lost
     * wake-up once left 20,000 started coroutines queued behind an idle selector).
     */
    @Test
    void foreignTasksRacingTheSelectorAreNeverLeftQueued() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch done = new CountDownLatch(threads * perThread);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            submitters.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    // Every few tasks the loop queues one locally too, so it turns with selectNow.
                    boolean local = (i & 7) == 0;
                    loop.execute(local ? () -> loop.execute(done::countDown) : done::countDown);
                    if ((i & 255) == 0) {
                        Thread.yield();
                    }
                }
            }));
        }
        for (Thread t : submitters) {
            t.join();
        }
        assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("tasks still queued: %d", done.getCount())
                .isTrue();
    }

    @Test
    void timersFireOnTheLoopInDeadlineOrderAndCancelledOnesNever() throws Exception {
        List<Integer> order = new ArrayList<>();
        CountDownLatch fired = new CountDownLatch(3);
        long now = System.nanoTime();
        // The cancelled timer is due before the last one: had it not been withdrawn, it would fire first.
        LoopTimer cancelled = timer(now + ms(300), order, 0, fired);
        loop.schedule(timer(now + ms(60), order, 2, fired));
        loop.schedule(cancelled);
        loop.schedule(timer(now + ms(40), order, 1, fired));
        loop.schedule(timer(now + ms(400), order, 3, fired));
        loop.cancel(cancelled);
        assertThat(fired.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(1, 2, 3);
        CompletableFuture<Integer> left = new CompletableFuture<>();
        loop.execute(() -> left.complete(loop.timerCount()));
        assertThat(left.get()).isZero();
    }

    private static long ms(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private static LoopTimer timer(long deadline, List<Integer> order, int value, CountDownLatch fired) {
        return new LoopTimer(deadline) {
            @Override
            protected void fire() {
                assertThat(loop.inLoop()).isTrue();
                order.add(value);
                fired.countDown();
            }
        };
    }

    @Test
    void aTimedParkOfALoopThreadIsTimedByTheLoopsOwnTimerQueue() throws Exception {
        long[] took = new long[1];
        Thread t = start(() -> {
            long t0 = System.nanoTime();
            EventLoop.parkNanos(this, ms(50));
            took[0] = System.nanoTime() - t0;
        });
        assertThat(t.join(WAIT)).isTrue();
        assertThat(took[0]).isGreaterThanOrEqualTo(ms(50));
        assertThat(timersOnLoop()).isZero();
    }

    @Test
    void aTimedParkWokenEarlyLeavesNoTimerBehind() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        Thread t = start(() -> {
            parked.countDown();
            EventLoop.parkNanos(this, TimeUnit.MINUTES.toNanos(10));
        });
        parked.await();
        // Runs on the loop once the thread has parked (the loop is free, the thread unmounted).
        assertThat(timersOnLoop()).isEqualTo(1);
        java.util.concurrent.locks.LockSupport.unpark(t);
        assertThat(t.join(WAIT)).isTrue();
        assertThat(timersOnLoop()).isZero();
    }

    private static int timersOnLoop() throws Exception {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        loop.execute(() -> n.complete(loop.timerCount()));
        return n.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void theWatchdogDozesWhileTheLoopIsIdleAndStillCatchesTheNextHogWithItsStack() throws Exception {
        // Nothing runs on the loop: after a few quiet checks the watchdog parks with no time limit.
        await().atMost(WAIT).until(watch::dozing);
        long before = watch.count();
        int logged = warnings().size();
        AtomicBoolean stop = new AtomicBoolean();
        Thread hog = start(() -> spinUntil(stop));
        try {
            // The stack is taken only by the watchdog while the hog runs: so the loop leaving its selector woke it.
            await().atMost(WAIT).until(() -> warnings().size() > logged);
        } finally {
            stop.set(true); // a hog left running would stall every later test on this loop
        }
        assertThat(hog.join(WAIT)).isTrue();
        assertThat(stallsAfter(before)).isEqualTo(1);
        List<LogRecord> w = warnings();
        assertThat(w.get(w.size() - 1).getMessage()).contains("weft-loop-99").contains("spinUntil");
    }

    @Test
    void aCpuHogCountsOneStallAndLogsOneWarningWithItsStack() throws Exception {
        long before = watch.count();
        int logged = warnings().size();
        AtomicBoolean stop = new AtomicBoolean();
        Thread hog = start(() -> spinUntil(stop));
        await().atMost(WAIT).until(() -> watch.count() > before);
        stop.set(true);
        assertThat(hog.join(WAIT)).isTrue();
        assertThat(stallsAfter(before)).isEqualTo(1);
        List<LogRecord> w = warnings();
        assertThat(w).hasSizeGreaterThan(logged);
        assertThat(w.get(w.size() - 1).getMessage())
                .contains("weft-loop-99")
                .contains("has not returned to its selector")
                .contains("spinUntil");
    }

    @Test
    void everyStallIsAFlightRecorderEventWithTheLoopAndTheHog() throws Exception {
        long before = watch.count();
        List<jdk.jfr.consumer.RecordedEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (jdk.jfr.consumer.RecordingStream rs = new jdk.jfr.consumer.RecordingStream()) {
            rs.enable("dev.weft.LoopStall");
            rs.onEvent("dev.weft.LoopStall", events::add);
            rs.startAsync();
            AtomicBoolean stop = new AtomicBoolean();
            Thread hog = start(() -> spinUntil(stop));
            await().atMost(WAIT).until(() -> watch.count() > before);
            stop.set(true);
            assertThat(hog.join(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> !events.isEmpty());
        }
        jdk.jfr.consumer.RecordedEvent e = events.get(0);
        assertThat(e.getString("loop")).isEqualTo("weft-loop-99");
        assertThat(e.getDuration("stalledFor")).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(e.getString("hog")).contains("spinUntil");
    }

    private static void spinUntil(AtomicBoolean stop) {
        while (!stop.get()) {
            Thread.onSpinWait();
        }
    }

    private static List<LogRecord> warnings() {
        synchronized (WARNINGS) {
            return new ArrayList<>(WARNINGS);
        }
    }

    /** A permit the class initializer below waits for; released by the test from a platform thread. */
    static final Semaphore GATE = new Semaphore(0);

    /** Blocks in its class initializer: a virtual thread waiting here pins its carrier. */
    static final class SlowInit {
        static {
            GATE.acquireUninterruptibly();
        }

        static void touch() {}
    }

    @Test
    void aWaitPinnedInAClassInitializerIsDetectedAsAStall() throws Exception {
        long before = watch.count();
        Thread pinned = start(SlowInit::touch);
        await().atMost(WAIT).until(() -> watch.count() > before);
        assertThat(pinned.isAlive()).isTrue();
        GATE.release();
        assertThat(pinned.join(WAIT)).isTrue();
        assertThat(watch.count() - before).isEqualTo(1);
        List<LogRecord> w = warnings();
        assertThat(w.get(w.size() - 1).getMessage()).contains("pinning").contains("SlowInit");
    }
}
