package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.WAIT;
import static dev.weft.coroutine.CoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Races between the parties that may decide one operation's outcome. */
class RaceTest {

    private static void spin(int iterations) {
        for (int i = 0; i < iterations; i++) {
            Thread.onSpinWait();
        }
    }

    @Test
    void cancelRacingNaturalCompletionDecidesExactlyOneOutcome() throws Exception {
        int rounds = 3_000;
        ConcurrentHashMap<Long, String> seen = new ConcurrentHashMap<>();
        List<Coroutine> all = new ArrayList<>(rounds);
        int cancelled = 0;
        int refused = 0;
        List<Boolean> cancelResults = new ArrayList<>(rounds);
        for (int i = 0; i < rounds; i++) {
            long micros = ThreadLocalRandom.current().nextInt(0, 200);
            Coroutine c = Co.go(() -> seen.put(Co.id(), outcome(Co.sleep(Duration.ofNanos(micros * 1000)))));
            all.add(c);
            spin(ThreadLocalRandom.current().nextInt(0, 20_000));
            boolean ok = Co.cancel(c.id());
            cancelResults.add(ok);
            if (ok) {
                cancelled++;
            } else {
                refused++;
                assertThat(Co.lastError()).isIn(CoError.CO_CANNOT_CANCEL, CoError.CO_NOT_EXISTS);
            }
        }
        assertThat(Co.join(all, WAIT)).isTrue();
        for (int i = 0; i < rounds; i++) {
            String s = seen.get(all.get(i).id());
            if (cancelResults.get(i)) {
                assertThat(s).as("round %d was cancelled", i).isEqualTo("false true CO_CANCELED");
            } else {
                assertThat(s).as("round %d was not cancelled", i).isEqualTo("true false NONE");
            }
        }
        assertThat(seen).hasSize(rounds);
        // both branches must have been exercised, or the test proved nothing
        assertThat(cancelled).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void killRacingCancelIsNeverLostAndEndsTheCoroutineWithKilledException() throws Exception {
        int rounds = 500;
        AtomicInteger killedSeen = new AtomicInteger();
        AtomicInteger cancelsSeen = new AtomicInteger();
        AtomicInteger cancelWon = new AtomicInteger();
        for (int i = 0; i < rounds; i++) {
            Coroutine c = Co.go(() -> {
                try {
                    // a cancelled sleep goes back to sleep: only the kill can end this coroutine
                    while (true) {
                        if (!Co.sleep(LONG) && Co.isCanceled()) {
                            cancelsSeen.incrementAndGet();
                        }
                    }
                } catch (KilledException e) {
                    killedSeen.incrementAndGet();
                }
            });
            CoTesting.awaitSuspended(c);
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicBoolean cancelResult = new AtomicBoolean();
            Thread canceller = Thread.ofPlatform().start(() -> {
                awaitBarrier(start);
                cancelResult.set(Co.cancel(c.id()));
            });
            awaitBarrier(start);
            boolean killed = c.kill();
            canceller.join();
            assertThat(killed).as("round %d: kill accepted", i).isTrue();
            if (cancelResult.get()) {
                cancelWon.incrementAndGet();
            }
            CoTesting.awaitDone(c);
        }
        assertThat(killedSeen).hasValue(rounds);
        // every successful cancel was seen by the coroutine, unless the kill was delivered at the same resume
        assertThat(cancelsSeen.get()).isLessThanOrEqualTo(cancelWon.get());
    }

    @Test
    void tenThousandSleepersCancelledFromSeveralThreadsAreEachCancelledExactlyOnce() throws Exception {
        int n = 10_000;
        int threads = 4;
        AtomicInteger cancelledInside = new AtomicInteger();
        AtomicInteger otherOutcome = new AtomicInteger();
        List<Coroutine> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(Co.go(() -> {
                if (!Co.sleep(LONG) && Co.isCanceled() && Co.lastError() == CoError.CO_CANCELED) {
                    cancelledInside.incrementAndGet();
                } else {
                    otherOutcome.incrementAndGet();
                }
            }));
        }
        await().atMost(WAIT).until(() -> all.stream().allMatch(c -> c.state() == Coroutine.State.SUSPENDED));
        AtomicIntegerArray successes = new AtomicIntegerArray(n);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> cancellers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> order = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order);
            cancellers.add(Thread.ofPlatform().start(() -> {
                awaitBarrier(start);
                for (int i : order) {
                    if (Co.cancel(all.get(i).id())) {
                        successes.incrementAndGet(i);
                    } else if (Co.lastError() != CoError.CO_CANNOT_CANCEL && Co.lastError() != CoError.CO_NOT_EXISTS) {
                        throw new AssertionError("unexpected " + Co.lastError());
                    }
                }
            }));
        }
        for (Thread t : cancellers) {
            t.join();
        }
        for (int i = 0; i < n; i++) {
            assertThat(successes.get(i)).as("coroutine %d", i).isEqualTo(1);
        }
        assertThat(Co.join(all, WAIT)).isTrue();
        assertThat(cancelledInside).hasValue(n);
        assertThat(otherOutcome).hasValue(0);
    }

    @Test
    void closeRacingPopsDeliversEveryPushedItemExactlyOnceOrLeavesItForTheDrain() throws Exception {
        for (int round = 0; round < 20; round++) {
            Channel<Integer> ch = new Channel<>(8);
            ConcurrentLinkedQueue<Integer> pushed = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> refused = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> delivered = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<CoError> popperEnds = new ConcurrentLinkedQueue<>();
            List<Coroutine> all = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int p = 0; p < 4; p++) {
                all.add(Co.go(() -> {
                    for (; ; ) {
                        int item = next.getAndIncrement();
                        if (item >= 20_000) {
                            refused.add(-1);
                            return;
                        }
                        if (ch.push(item, LONG)) {
                            pushed.add(item);
                        } else {
                            assertThat(Co.lastError()).isEqualTo(CoError.CHANNEL_CLOSED);
                            refused.add(item);
                            return;
                        }
                    }
                }));
            }
            for (int c = 0; c < 4; c++) {
                all.add(Co.go(() -> {
                    Integer v;
                    while ((v = ch.pop(LONG)) != null) {
                        delivered.add(v);
                    }
                    popperEnds.add(Co.lastError());
                }));
            }
            int at = 100 + ThreadLocalRandom.current().nextInt(2_000);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> delivered.size() >= at);
            ch.close();
            assertThat(Co.join(all, WAIT)).isTrue();
            List<Integer> drained = new ArrayList<>();
            Integer v;
            while ((v = ch.pop(Duration.ZERO)) != null) {
                drained.add(v);
            }
            assertThat(Co.lastError()).isEqualTo(CoError.CHANNEL_CLOSED);
            assertThat(popperEnds).hasSize(4).containsOnly(CoError.CHANNEL_CLOSED);
            List<Integer> out = new ArrayList<>(delivered);
            out.addAll(drained);
            assertThat(new HashSet<>(out)).hasSameSizeAs(out).isEqualTo(new HashSet<>(pushed));
            assertThat(out).hasSameSizeAs(pushed);
            assertThat(refused).hasSize(4);
            for (int r : refused) {
                assertThat(out).doesNotContain(r);
            }
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 2})
    void cancellingPushersAndPoppersDuringHandOffNeverDeliversAFailedItemNorLosesADeliveredOne(int capacity)
            throws Exception {
        Channel<Integer> ch = new Channel<>(capacity);
        int pushers = 4;
        int perPusher = 1_500;
        Set<Integer> pushedOk = ConcurrentHashMap.newKeySet();
        Set<Integer> pushFailed = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Integer> popped = new ConcurrentLinkedQueue<>();
        AtomicInteger popCancels = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger cancels = new AtomicInteger();
        List<Coroutine> producerList = new ArrayList<>();
        List<Coroutine> consumerList = new ArrayList<>();
        for (int p = 0; p < pushers; p++) {
            int base = p * 1_000_000;
            producerList.add(Co.go(() -> {
                // at least perPusher items, and on until the canceller has landed some cancels
                for (int i = 0; (i < perPusher || cancels.get() < 20) && i < 900_000; i++) {
                    attempts.incrementAndGet();
                    if (ch.push(base + i, LONG)) {
                        pushedOk.add(base + i);
                    } else {
                        assertThat(Co.lastError()).isEqualTo(CoError.CO_CANCELED);
                        pushFailed.add(base + i);
                    }
                }
            }));
        }
        for (int c = 0; c < 4; c++) {
            consumerList.add(Co.go(() -> {
                for (; ; ) {
                    Integer v = ch.pop(LONG);
                    if (v != null) {
                        popped.add(v);
                    } else if (Co.lastError() == CoError.CO_CANCELED) {
                        popCancels.incrementAndGet();
                    } else {
                        assertThat(Co.lastError()).isEqualTo(CoError.CHANNEL_CLOSED);
                        return;
                    }
                }
            }));
        }
        List<Coroutine> everyone = new ArrayList<>(producerList);
        everyone.addAll(consumerList);
        Thread canceller = Thread.ofPlatform().start(() -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (!producerList.stream().allMatch(Coroutine::isDone)) {
                if (Co.cancel(everyone.get(r.nextInt(everyone.size())).id())) {
                    cancels.incrementAndGet();
                }
                spin(r.nextInt(2_000));
            }
        });
        assertThat(Co.join(producerList, WAIT)).isTrue();
        canceller.join();
        await().atMost(WAIT).until(() -> popped.size() + ch.length() == pushedOk.size());
        ch.close();
        assertThat(Co.join(consumerList, WAIT)).isTrue();
        List<Integer> out = new ArrayList<>(popped);
        Integer v;
        while ((v = ch.pop(Duration.ZERO)) != null) {
            out.add(v);
        }
        assertThat(pushedOk.size() + pushFailed.size()).isEqualTo(attempts.get());
        Set<Integer> outSet = new HashSet<>(out);
        assertThat(outSet).as("no item delivered twice").hasSameSizeAs(out);
        assertThat(outSet).as("delivered exactly the successful pushes").isEqualTo(pushedOk);
        outSet.retainAll(pushFailed);
        assertThat(outSet).as("failed pushes never delivered").isEmpty();
        assertThat(cancels.get()).isPositive();
    }

    @Test
    void resumeRacingCancelDecidesExactlyOneOutcome() throws Exception {
        int resumed = 0;
        int cancelled = 0;
        for (int i = 0; i < 500; i++) {
            ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();
            Coroutine c = Co.go(() -> seen.put("r", outcome(Co.suspend())));
            CoTesting.awaitSuspended(c);
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicBoolean cancelOk = new AtomicBoolean();
            Thread t = Thread.ofPlatform().start(() -> {
                awaitBarrier(start);
                cancelOk.set(Co.cancel(c.id()));
            });
            awaitBarrier(start);
            boolean resumeOk = Co.resume(c.id());
            t.join();
            CoTesting.awaitDone(c);
            assertThat(resumeOk ^ cancelOk.get())
                    .as("exactly one of resume and cancel wins")
                    .isTrue();
            assertThat(seen.get("r")).isEqualTo(resumeOk ? "true false NONE" : "false true CO_CANCELED");
            if (resumeOk) {
                resumed++;
            } else {
                cancelled++;
            }
        }
        assertThat(resumed + cancelled).isEqualTo(500);
    }

    static void awaitBarrier(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
