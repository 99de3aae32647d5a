package dev.weft.server.internal.child;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.coroutine.Timer;
import dev.weft.server.Worker;
import dev.weft.server.WorkerService;
import dev.weft.server.internal.ipc.JsonLineChannel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child's retirement, run in-process against a fake master on a real AF_UNIX link: whichever way the
 * child is told to go, onWorkerReload and onWorkerStop each run exactly once (onWorkerReload only for a
 * reload), and its timers are deleted before it stops accepting and drains.
 */
class ChildRuntimeTest {
    @TempDir
    Path dir;

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Test
    void aStopRunsOnWorkerStopOnceAndDeletesTimersBeforeTheDrain() throws Exception {
        retire(
                link -> {
                    link.send(cmd(1, "stop", Json.object().put("graceful", true)));
                    awaitReply(link, 1);
                    link.send(cmd(2, "stop", Json.object().put("graceful", false)));
                    link.send(cmd(3, "reload", Json.object().put("replace", true)));
                },
                0);
        assertThat(calls).containsExactly("start", "stopAccepting timers=0", "awaitIdle", "closeAll", "onWorkerStop");
    }

    @Test
    void aReloadRunsOnWorkerReloadThenOnWorkerStopOnce() throws Exception {
        retire(
                link -> {
                    link.send(cmd(1, "reload", Json.object().put("replace", true)));
                    awaitReply(link, 1);
                    link.send(cmd(2, "reload", Json.object().put("replace", true)));
                    link.send(cmd(3, "stop", Json.object()));
                    link.send(cmd(4, "reload", Json.object().put("replace", false)));
                },
                0);
        assertThat(calls)
                .containsExactly("start", "onWorkerReload", "stopAccepting timers=0", "closeAll", "onWorkerStop");
    }

    @Test
    void aReloadThatKeepsTheProcessRunsOnlyOnWorkerReload() throws Exception {
        retire(
                link -> {
                    link.send(cmd(1, "reload", Json.object().put("replace", false)));
                    awaitReply(link, 1);
                    link.send(cmd(2, "stop", Json.object()));
                },
                0);
        assertThat(calls)
                .containsExactly("start", "onWorkerReload", "stopAccepting timers=0", "closeAll", "onWorkerStop");
    }

    @Test
    void theMastersDeathRunsOnWorkerStopOnce() throws Exception {
        retire(JsonLineChannel::close, 0);
        assertThat(calls).containsExactly("start", "stopAccepting timers=0", "closeAll", "onWorkerStop");
    }

    @Test
    void theLinkAnswersTheRuntimesOwnCommandsBareAndAnUnknownOrMalformedOneWithAnError() throws Exception {
        Map<Long, JsonNode> answers = new java.util.concurrent.ConcurrentHashMap<>();
        retire(
                link -> {
                    link.send(cmd(1, "ping", Json.object()));
                    link.send(cmd(2, "nope", Json.object()));
                    link.send(cmd(3, "take", Json.object().put("slot", 1)));
                    link.send(cmd(4, "status", Json.object().put("window", 7)));
                    while (answers.size() < 4) {
                        JsonNode m = link.receive();
                        if (m.has("rid")) answers.put(m.get("rid").asLong(), m);
                    }
                    link.send(cmd(5, "stop", Json.object()));
                },
                0);
        assertThat(answers.get(1L).path("reply").path("requests").asLong()).isZero();
        assertThat(answers.get(2L).path("error").asText()).isEqualTo("unknown command nope");
        assertThat(answers.get(3L).path("error").asText()).contains("not a standby");
        assertThat(answers.get(4L).path("error").asText()).isEqualTo("argument 'window' must be a string, got 7");
    }

    /** Runs a child until it retires; {@code master} acts once the child is ready. */
    private void retire(ThrowingConsumer<JsonLineChannel> master, int expectedStatus) throws Exception {
        Path socket = dir.resolve("m.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Worker worker = worker();
            CompletableFuture<Integer> status = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    status.complete(new ChildRuntime(worker, JsonLineChannel.connect(socket), false).run());
                } catch (Throwable t) {
                    status.completeExceptionally(t);
                }
            });
            try (SocketChannel ch = server.accept()) {
                JsonLineChannel link = new JsonLineChannel(ch);
                assertThat(link.receive().path("type").asText()).isEqualTo("hello");
                assertThat(link.receive().path("type").asText()).isEqualTo("ready");
                master.accept(link);
                assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(expectedStatus);
            }
        }
    }

    private Worker worker() {
        Worker w = new Worker().name("t");
        w.gracefulTimeout(Duration.ofSeconds(5)).stopTimeout(Duration.ofSeconds(5));
        w.onWorkerStart(x -> Timer.add(Duration.ofHours(1), () -> {}, true));
        w.onWorkerReload(x -> calls.add("onWorkerReload"));
        w.onWorkerStop(x -> calls.add("onWorkerStop"));
        w.service(x -> new RecordingService());
        return w;
    }

    private static JsonNode cmd(long rid, String cmd, JsonNode args) {
        return Json.object().put("rid", rid).put("cmd", cmd).set("args", args);
    }

    private static void awaitReply(JsonLineChannel link, long rid) throws Exception {
        for (JsonNode m = link.receive(); m != null; m = link.receive()) {
            if (m.path("rid").asLong() == rid && !m.has("cmd")) return;
        }
        throw new AssertionError("no reply to " + rid);
    }

    /** A consumer that may throw. */
    private interface ThrowingConsumer<T> {
        void accept(T t) throws Exception;
    }

    private final class RecordingService implements WorkerService {
        @Override
        public void start(ServerSocketChannel listener) {
            calls.add("start");
        }

        @Override
        public void stopAccepting() {
            calls.add("stopAccepting timers=" + Timer.count());
        }

        @Override
        public boolean awaitIdle(Duration max) {
            calls.add("awaitIdle");
            return true;
        }

        @Override
        public void closeAll() {
            calls.add("closeAll");
        }

        @Override
        public Map<String, Object> stats() {
            return Map.of();
        }

        @Override
        public List<Map<String, Object>> connections() {
            return List.of();
        }
    }
}
