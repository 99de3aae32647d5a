package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.get;
import static dev.weft.coroutine.CoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Co.withTimeout deadlines, their nesting, and Co.uncancellable. */
class WithTimeoutTest {

    @Test
    void aBodyThatFinishesInTimeReturnsItsResult() throws Exception {
        assertThat(Co.withTimeout(Duration.ofSeconds(5), () -> {
                    Co.sleep(Duration.ofMillis(1));
                    return "ok";
                }))
                .isEqualTo("ok");
    }

    @Test
    void anOperationRunningAtTheDeadlineIsCancelledAndTimeoutExceptionIsThrown() throws Exception {
        CompletableFuture<String> op = new CompletableFuture<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Co.go(() -> {
            try {
                Co.withTimeout(Duration.ofMillis(20), () -> {
                    op.complete(outcome(Co.sleep(LONG)));
                    return "late";
                });
                thrown.complete(null);
            } catch (TimeoutException e) {
                thrown.complete(e);
            }
        });
        assertThat(get(op)).isEqualTo("false true CO_CANCELED");
        assertThat(get(thrown)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void operationsStartedAfterTheDeadlineFailAtOnce() throws Exception {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> Co.withTimeout(Duration.ofMillis(5), () -> {
                    trace.add(outcome(Co.sleep(LONG)));
                    trace.add(outcome(new Channel<String>(1).pop(LONG)));
                    return null;
                }))
                .isInstanceOf(TimeoutException.class);
        assertThat(trace).containsExactly("false true CO_CANCELED", "null true CO_CANCELED");
        // the deadline is gone after withTimeout
        assertThat(Co.sleep(Duration.ofMillis(1))).isTrue();
    }

    @Test
    void anInnerDeadlineEarlierThanTheOuterCancelsOnlyInsideTheInnerBody() throws Exception {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        String r = Co.withTimeout(Duration.ofSeconds(10), () -> {
            try {
                Co.withTimeout(Duration.ofMillis(10), () -> {
                    trace.add("inner " + outcome(Co.sleep(LONG)));
                    return null;
                });
            } catch (TimeoutException e) {
                trace.add("inner timed out");
            }
            trace.add("outer " + outcome(Co.sleep(Duration.ofMillis(1))));
            return "outer done";
        });
        assertThat(r).isEqualTo("outer done");
        assertThat(trace).containsExactly("inner false true CO_CANCELED", "inner timed out", "outer true false NONE");
    }

    @Test
    void anOuterDeadlineEarlierThanTheInnerWinsAndOnlyTheOuterThrows() {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> Co.withTimeout(Duration.ofMillis(10), () -> {
                    String inner = Co.withTimeout(Duration.ofSeconds(10), () -> {
                        trace.add("inner " + outcome(Co.sleep(LONG)));
                        return "inner returned";
                    });
                    trace.add(inner);
                    return null;
                }))
                .isInstanceOf(TimeoutException.class);
        assertThat(trace).containsExactly("inner false true CO_CANCELED", "inner returned");
    }

    @Test
    void anUncancellableRegionIsNotCancelledByTheDeadline() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Co.go(() -> {
            try {
                Co.withTimeout(Duration.ofMillis(5), () -> {
                    seen.complete(Co.uncancellable(() -> outcome(Co.sleep(Duration.ofMillis(30)))));
                    return null;
                });
                thrown.complete(null);
            } catch (TimeoutException e) {
                thrown.complete(e);
            }
        });
        assertThat(get(seen)).isEqualTo("true false NONE");
        assertThat(get(thrown)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void checkedExceptionsOfTheBodyAreWrapped() {
        assertThatThrownBy(() -> Co.withTimeout(Duration.ofSeconds(1), () -> {
                    throw new IOException("disk");
                }))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> Co.uncancellable(() -> {
                    throw new IOException("disk");
                }))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void uncancellableReturnsTheBodysResultAndLeavesCancellationOnAfterwards() throws Exception {
        CompletableFuture<String> afterRegion = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            assertThat(Co.uncancellable(() -> 42)).isEqualTo(42);
            afterRegion.complete(outcome(Co.sleep(LONG)));
        });
        CoTesting.awaitSuspended(c);
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(get(afterRegion)).isEqualTo("false true CO_CANCELED");
    }

    @Test
    void aRegionLeftByAnExceptionStillEndsTheRegion() throws Exception {
        CompletableFuture<String> afterRegion = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                Co.uncancellable(() -> {
                    throw new IllegalStateException("boom");
                });
            } catch (IllegalStateException expected) {
                afterRegion.complete(outcome(Co.sleep(LONG)));
            }
        });
        CoTesting.awaitSuspended(c);
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(get(afterRegion)).isEqualTo("false true CO_CANCELED");
    }
}
