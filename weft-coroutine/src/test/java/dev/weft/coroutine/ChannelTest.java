package dev.weft.coroutine;

import static dev.weft.coroutine.CoTesting.LONG;
import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static dev.weft.coroutine.CoTesting.get;
import static dev.weft.coroutine.CoTesting.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Channel behaviour: webman-coroutine's channel cases and Swoole's Channel rules. */
class ChannelTest {

    @Test
    void aChannelReportsTheCapacityItWasCreatedWith() {
        assertThat(new Channel<String>(10).capacity()).isEqualTo(10);
        assertThat(new Channel<String>(0).capacity()).isZero();
        assertThatThrownBy(() -> new Channel<String>(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        Channel<String> ch = new Channel<>(5);
        assertThat(ch.push("test1")).isTrue();
        assertThat(ch.push("test2")).isTrue();
        assertThat(ch.length()).isEqualTo(2);
        assertThat(ch.pop()).isEqualTo("test1");
        assertThat(ch.pop()).isEqualTo("test2");
        assertThat(ch.length()).isZero();
    }

    @Test
    void aChannelIsEmptyUntilSomethingIsPushed() {
        Channel<String> ch = new Channel<>(10);
        assertThat(ch.isEmpty()).isTrue();
        ch.push("test");
        assertThat(ch.isEmpty()).isFalse();
    }

    @Test
    void aChannelIsFullAtCapacityAndARendezvousChannelIsAlwaysFull() {
        Channel<String> ch = new Channel<>(1);
        assertThat(ch.isFull()).isFalse();
        ch.push("test");
        assertThat(ch.isFull()).isTrue();
        assertThat(new Channel<String>(0).isFull()).isTrue();
    }

    @Test
    void nullItemsAreRejected() {
        assertThatThrownBy(() -> new Channel<String>(1).push(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aPushToAFullChannelTimesOut() throws Exception {
        Channel<String> ch = new Channel<>(1);
        ch.push("test");
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(ch.push("test2", Duration.ofMillis(10)))));
        assertThat(get(seen)).isEqualTo("false false CO_TIMEDOUT");
        assertThat(ch.stats()).isEqualTo(new ChannelStats(0, 0, 1));
        assertThat(ch.push("test3", Duration.ZERO)).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_TIMEDOUT);
    }

    @Test
    void aPopFromAnEmptyChannelTimesOut() throws Exception {
        Channel<String> ch = new Channel<>(1);
        CompletableFuture<String> seen = new CompletableFuture<>();
        Co.go(() -> seen.complete(outcome(ch.pop(Duration.ofMillis(10)))));
        assertThat(get(seen)).isEqualTo("null false CO_TIMEDOUT");
        assertThat(ch.stats()).isEqualTo(new ChannelStats(0, 0, 0));
    }

    @Test
    void closingFailsPushesAndLetsPopsDrainTheBufferThenFailWithChannelClosed() {
        Channel<String> ch = new Channel<>(2);
        ch.push("test");
        assertThat(ch.close()).isTrue();
        assertThat(ch.isClosed()).isTrue();
        assertThat(ch.close()).isFalse();
        assertThat(ch.push("late")).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CHANNEL_CLOSED);
        assertThat(ch.pop()).isEqualTo("test");
        assertThat(Co.lastError()).isEqualTo(CoError.NONE);
        assertThat(ch.isEmpty()).isTrue();
        assertThat(ch.pop()).isNull();
        assertThat(Co.lastError()).isEqualTo(CoError.CHANNEL_CLOSED);
    }

    @Test
    void closingWakesWaitingPoppersAndPushersWithChannelClosed() throws Exception {
        Channel<String> empty = new Channel<>(1);
        Channel<String> full = new Channel<>(1);
        full.push("x");
        CompletableFuture<String> popper = new CompletableFuture<>();
        CompletableFuture<String> pusher = new CompletableFuture<>();
        Coroutine a = Co.go(() -> popper.complete(outcome(empty.pop(LONG))));
        Coroutine b = Co.go(() -> pusher.complete(outcome(full.push("y", LONG))));
        awaitSuspendedIn(a, "channel.pop");
        awaitSuspendedIn(b, "channel.push");
        assertThat(empty.stats().consumersWaiting()).isEqualTo(1);
        assertThat(full.stats().producersWaiting()).isEqualTo(1);
        empty.close();
        full.close();
        assertThat(get(popper)).isEqualTo("null false CHANNEL_CLOSED");
        assertThat(get(pusher)).isEqualTo("false false CHANNEL_CLOSED");
        assertThat(full.pop()).isEqualTo("x");
        assertThat(full.pop()).isNull();
    }

    @Test
    void aRendezvousPushCompletesOnlyWhenAPopTakesTheItem() throws Exception {
        Channel<String> ch = new Channel<>(0);
        CompletableFuture<String> pushed = new CompletableFuture<>();
        Coroutine p = Co.go(() -> pushed.complete(outcome(ch.push("hand", LONG))));
        awaitSuspendedIn(p, "channel.push");
        assertThat(pushed).isNotDone();
        assertThat(ch.length()).isZero();
        assertThat(ch.pop(Duration.ZERO)).isEqualTo("hand");
        assertThat(get(pushed)).isEqualTo("true false NONE");
        assertThat(ch.push("nobody", Duration.ZERO)).isFalse();
        assertThat(Co.lastError()).isEqualTo(CoError.CO_TIMEDOUT);
    }

    @Test
    void aWaitingPopperGetsThePushedItemDirectly() throws Exception {
        Channel<String> ch = new Channel<>(0);
        CompletableFuture<String> popped = new CompletableFuture<>();
        Coroutine c = Co.go(() -> popped.complete(outcome(ch.pop(LONG))));
        awaitSuspendedIn(c, "channel.pop");
        assertThat(ch.push("direct", Duration.ZERO)).isTrue();
        assertThat(get(popped)).isEqualTo("direct false NONE");
    }

    @Test
    void aPopFromAFullChannelLetsAWaitingPusherInBehindTheBuffer() throws Exception {
        Channel<Integer> ch = new Channel<>(2);
        ch.push(1);
        ch.push(2);
        CompletableFuture<String> pushed = new CompletableFuture<>();
        Coroutine p = Co.go(() -> pushed.complete(outcome(ch.push(3, LONG))));
        awaitSuspendedIn(p, "channel.push");
        assertThat(ch.pop()).isEqualTo(1);
        assertThat(get(pushed)).isEqualTo("true false NONE");
        assertThat(List.of(ch.pop(), ch.pop())).containsExactly(2, 3);
    }

    @Test
    void manyProducersAndConsumersMoveEveryItemExactlyOnce() throws Exception {
        Channel<Integer> ch = new Channel<>(3);
        int producers = 4;
        int perProducer = 2_000;
        java.util.concurrent.ConcurrentLinkedQueue<Integer> got = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.List<Coroutine> all = new java.util.ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            all.add(Co.go(() -> {
                for (int i = 0; i < perProducer; i++) {
                    assertThat(ch.push(base + i, LONG)).isTrue();
                }
            }));
        }
        for (int c = 0; c < 3; c++) {
            all.add(Co.go(() -> {
                Integer v;
                while ((v = ch.pop(LONG)) != null) {
                    got.add(v);
                }
            }));
        }
        org.awaitility.Awaitility.await().atMost(CoTesting.WAIT).until(() -> got.size() == producers * perProducer);
        ch.close();
        assertThat(Co.join(all, CoTesting.WAIT)).isTrue();
        assertThat(got).doesNotHaveDuplicates().hasSize(producers * perProducer);
    }

    @Test
    void statsCountWaitingConsumersProducersAndQueuedItems() throws Exception {
        Channel<String> ch = new Channel<>(1);
        Coroutine a = Co.go(() -> ch.pop(LONG));
        Coroutine b = Co.go(() -> ch.pop(LONG));
        awaitSuspendedIn(a, "channel.pop");
        awaitSuspendedIn(b, "channel.pop");
        assertThat(ch.stats()).isEqualTo(new ChannelStats(2, 0, 0));
        ch.close();
        assertThat(Co.join(List.of(a, b), CoTesting.WAIT)).isTrue();
        assertThat(ch.stats()).isEqualTo(new ChannelStats(0, 0, 0));
    }

    @Test
    void aKilledPopperLeavesTheChannelAndTheNextItemGoesToTheNextPopper() throws Exception {
        Channel<String> ch = new Channel<>(0);
        Coroutine first = Co.go(() -> ch.pop(LONG));
        awaitSuspendedIn(first, "channel.pop");
        CompletableFuture<String> second = new CompletableFuture<>();
        Coroutine c2 = Co.go(() -> second.complete(ch.pop(LONG)));
        awaitSuspendedIn(c2, "channel.pop");
        first.kill();
        CoTesting.awaitDone(first);
        assertThat(ch.push("item", Duration.ofSeconds(5))).isTrue();
        assertThat(get(second)).isEqualTo("item");
    }
}
