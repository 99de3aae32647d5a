package dev.weft.coroutine.net;

import static dev.weft.coroutine.CoTesting.awaitSuspendedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.internal.poll.Poller;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ports of Swoole's tests/swoole_coroutine/cancel/{wait_event,gethostbyname}.phpt, plus the
 * non-cancelled paths of the same operations. (The process and signal waits are tested in
 * {@code ProcessWaitTest} and {@code SignalWaitTest}.)
 */
class SystemWaitTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void waitEventIsCancelledThenSeesTheChannelReadable() throws Exception {
        try (CoServerSocket server = CoServerSocket.bind(new InetSocketAddress("127.0.0.1", 0), 4);
                SocketChannel ch = SocketChannel.open(server.localAddress())) {
            CoSocket accepted = server.accept(Duration.ofSeconds(5));
            CompletableFuture<String> cancelled = new CompletableFuture<>();
            CompletableFuture<String> ready = new CompletableFuture<>();
            Coroutine c = Co.go(() -> {
                try {
                    cancelled.complete(CoEvents.waitEvent(ch, SelectionKey.OP_READ, LONG) + " " + Co.lastError());
                    ready.complete(CoEvents.waitEvent(ch, SelectionKey.OP_READ, LONG) + " " + Co.lastError());
                } catch (Exception e) {
                    cancelled.completeExceptionally(e);
                    ready.completeExceptionally(e);
                }
            });
            await().until(() -> c.state() == Coroutine.State.SUSPENDED
                    && c.suspension().event().startsWith("event.wait"));
            assertThat(Co.cancel(c.id())).isTrue();
            assertThat(cancelled.get(5, TimeUnit.SECONDS)).isEqualTo("0 CO_CANCELED");
            await().until(() -> c.state() == Coroutine.State.SUSPENDED);
            accepted.writeFully(java.nio.ByteBuffer.wrap(new byte[] {1}), Duration.ofSeconds(5));
            assertThat(ready.get(5, TimeUnit.SECONDS)).isEqualTo(SelectionKey.OP_READ + " NONE");
            assertThat(ch.isOpen()).isTrue();
            accepted.close();
        }
        await().until(() -> Poller.registrations() == 0);
    }

    @Test
    void gethostbynameIsCancelledAndResolvesOtherwise() throws Exception {
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        Coroutine c = Co.go(() -> {
            try {
                cancelled.complete(CoDns.resolve("www.block.test", LONG) + " " + Co.lastError());
            } catch (Exception e) {
                cancelled.completeExceptionally(e);
            }
        });
        awaitSuspendedIn(c, "dns www.block.test");
        assertThat(Co.cancel(c.id())).isTrue();
        assertThat(cancelled.get(5, TimeUnit.SECONDS)).isEqualTo("null AIO_CANCELED");
        // The abandoned lookup must hold its place in the queue first, or the next one takes its permit.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> BlockingResolverProvider.ENTERED.contains("www.block.test")
                        && BlockingResolverProvider.RELEASE.hasQueuedThreads());
        BlockingResolverProvider.RELEASE.release();

        CompletableFuture<String> results = new CompletableFuture<>();
        Co.go(() -> {
            try {
                List<InetAddress> local = CoDns.resolve("localhost", Duration.ofSeconds(5));
                String a = local.isEmpty() + " " + Co.lastError();
                List<InetAddress> slow = CoDns.resolve("slow.block.test", Duration.ofMillis(50));
                String b = slow + " " + Co.lastError();
                BlockingResolverProvider.RELEASE.release(2); // the abandoned lookup and the next one
                InetAddress one = CoDns.resolveOne("other.block.test", Duration.ofSeconds(5));
                results.complete(a + " | " + b + " | " + one.getHostAddress());
            } catch (Exception e) {
                results.completeExceptionally(e);
            }
        });
        assertThat(results.get(10, TimeUnit.SECONDS)).isEqualTo("false NONE | null CO_TIMEDOUT | 127.0.0.9");
    }
}
