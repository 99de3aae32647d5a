package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitSuspended;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static dev.weft.coroutine.CoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Co.waitFor and Co.wakeup (webman's Factory::waitFor, without busy polling). */
class WaitForTest {

    @Test
    void waitForReturnsAtOnceWhenTheConditionAlreadyHolds() {
        assertThat(Co.waitFor(() -> true, Duration.ZERO)).isTrue();
        assertThat(Co.lastError()).isEqualTo(CoError.NONE);
    }

    @Test
    void waitForNoticesAConditionNobodySignals() throws Exception {
        AtomicBoolean flag = new AtomicBoolean();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.waitFor(flag::get, LONG))));
        awaitSuspendedIn(c, "waitFor");
        flag.set(true);
        assertThat(get(seen)).isEqualTo("true false NONE");
    }

    @Test
    void waitForTimesOutWithTimedOut() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(Co.waitFor(() -> false, Duration.ofMillis(20)))));
        assertThat(get(seen)).isEqualTo("false false CO_TIMEDOUT");
    }

    @Test
    void anEventWaiterIsListedAsWaitForEventAndWokenByWakeup() throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.waitFor(
                "orders",
                () -> {
                    checks.incrementAndGet();
                    return ready.get();
                },
                LONG))));
        awaitSuspendedIn(c, "waitFor:orders");
        assertThat(Co.suspensions()).anySatisfy(s -> {
            assertThat(s.coroutineId()).isEqualTo(c.id());
            assertThat(s.event()).isEqualTo("waitFor:orders");
        });
        ready.set(true);
        await().atMost(CoTesting.WAIT).until(() -> Co.wakeup("orders") >= 1 || seen.isDone());
        assertThat(get(seen)).isEqualTo("true false NONE");
        assertThat(Co.wakeup("orders")).isZero();
    }

    @Test
    void wakeupCountsTheWaitersItWoke() throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        Coroutine a = Co.go(() -> Co.waitFor("two", ready::get, LONG));
        Coroutine b = Co.go(() -> Co.waitFor("two", ready::get, LONG));
        awaitSuspendedIn(a, "waitFor:two");
        awaitSuspendedIn(b, "waitFor:two");
        assertThat(Co.wakeup("nobody-waits-for-this")).isZero();
        // both are pending: each wake-up is counted, they re-check, find false and wait on
        assertThat(Co.wakeup("two")).isEqualTo(2);
        ready.set(true);
        Co.wakeup("two");
        CoTesting.awaitDone(a);
        CoTesting.awaitDone(b);
    }

    @Test
    void aCancelledWaitForReturnsFalseWithCanceled() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Coroutine c = Co.go(() -> seen.complete(outcome(Co.waitFor("never", () -> false, LONG))));
        awaitSuspended(c);
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(get(seen)).isEqualTo("false true CO_CANCELED");
    }

    @Test
    void aWaiterArrivingWhileAnotherLeavesIsStillReachedByWakeup() throws Exception {
        // one coroutine enters and leaves waitFor("churn") in a tight loop while another starts
        // waiting on the same event: the newcomer must never end up where wakeup cannot see it
        int rounds = 300;
        int missed = 0;
        for (int i = 0; i < rounds; i++) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean ready = new AtomicBoolean();
            Coroutine churn = Co.go(() -> {
                while (!stop.get()) {
                    Co.waitFor("churn", () -> false, Duration.ZERO);
                }
            });
            Coroutine waiter = Co.go(() -> Co.waitFor("churn", ready::get, LONG));
            awaitSuspendedIn(waiter, "waitFor:churn");
            stop.set(true);
            CoTesting.awaitDone(churn);
            // the waiter publishes its suspension a moment before it joins the event's set, so allow
            // it a second to get there; a waiter stranded in a dropped set is never reached
            try {
                await().atMost(Duration.ofSeconds(1))
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> Co.wakeup("churn") > 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                missed++;
            }
            ready.set(true);
            Co.wakeup("churn");
            CoTesting.awaitDone(waiter);
        }
        assertThat(missed).as("waiters wakeup could not reach").isZero();
    }
}
