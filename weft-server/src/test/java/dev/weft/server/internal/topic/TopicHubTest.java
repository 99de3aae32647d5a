package dev.weft.server.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.server.Subscription;
import dev.weft.server.Topic;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub and two "processes" (two {@link Topics} instances) in this JVM, over a real AF_UNIX socket: the
 * routing, the subscription bookkeeping, the payload types and the drop policy.
 */
class TopicHubTest {
    @TempDir
    Path dir;

    private ServerSocketChannel server;
    private final TopicHub hub = new TopicHub();
    private final Topics a = new Topics();
    private final Topics b = new Topics();

    /** A JSON payload. */
    record Order(String item, int qty) {}

    @BeforeEach
    void hub() throws IOException {
        Path socket = dir.resolve("t.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(() -> {
            while (true) {
                SocketChannel ch;
                try {
                    ch = server.accept();
                } catch (IOException e) {
                    return;
                }
                Thread.ofVirtual().start(() -> hub.serve(ch));
            }
        });
        a.attach(socket);
        b.attach(socket);
    }

    @AfterEach
    void close() throws IOException {
        hub.close();
        server.close();
    }

    @Test
    void aMessageReachesTheOtherProcessAndThePublishersOwnSubscribers() {
        List<String> inA = new CopyOnWriteArrayList<>();
        List<String> inB = new CopyOnWriteArrayList<>();
        a.topic("news").subscribe(inA::add);
        b.topic("news").subscribe(inB::add);
        assertThat(a.topic("news").publish("hello")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> inA.size() == 1 && inB.size() == 1);
        assertThat(inB).containsExactly("hello");
        assertThat(inA).containsExactly("hello");
    }

    @Test
    void textsBytesAndJsonArriveAsTheTypeTheSubscriberAsksFor() {
        List<Object> got = new CopyOnWriteArrayList<>();
        b.topic("orders").subscribe(Order.class, got::add);
        b.topic("raw").subscribe(byte[].class, bytes -> got.add(new String(bytes)));
        b.topic("raw").subscribe(String.class, got::add);
        a.topic("orders").publishJson(new Order("tea", 2));
        a.topic("orders").publish("not json"); // logged and skipped by the Order subscriber
        a.topic("raw").publish(new byte[] {'h', 'i'});
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3);
        assertThat(got).contains(new Order("tea", 2), "hi").hasSize(3);
    }

    @Test
    void aClosedSubscriptionGetsNothingMoreAndTheTopicIsNoLongerSentToItsProcess() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        Subscription s = b.topic("news").subscribe(got::add);
        a.topic("news").publish("one");
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        s.close();
        assertThat(s.isOpen()).isFalse();
        // An UNSUBSCRIBE and a new SUBSCRIBE go over the same link in order: once the new one is acknowledged,
        // the hub knows the old one is gone, and "two" goes to the new subscription only.
        List<String> later = new CopyOnWriteArrayList<>();
        b.topic("news").subscribe(later::add);
        a.topic("news").publish("two");
        await().atMost(Duration.ofSeconds(10)).until(() -> later.size() == 1);
        assertThat(got).containsExactly("one");
        assertThat(s.received()).isEqualTo(1);
    }

    @Test
    void aSlowSubscriberDropsWhatItsQueueCannotHoldWithoutHoldingUpTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        Subscription slow = b.topic("burst").subscribe(String.class, 4, m -> {
            first.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> fast = new CopyOnWriteArrayList<>();
        b.topic("burst").subscribe(String.class, 1000, fast::add);
        for (int i = 0; i < 100; i++)
            assertThat(a.topic("burst").publish("m" + i)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> fast.size() == 100);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.dropped()).isGreaterThanOrEqualTo(100 - 1 - 4);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.received() + slow.dropped() == 100);
    }

    @Test
    void badNamesAndOversizedMessagesAreRefusedWithAReason() {
        assertThatThrownBy(() -> a.topic("two words"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic name");
        assertThatThrownBy(() -> a.topic("big").publish(new byte[Topic.MAX_PAYLOAD + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + Topic.MAX_PAYLOAD);
    }
}
