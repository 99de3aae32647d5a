package dev.weft.bench.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.CommandRegistry;
import dev.weft.control.Commands;
import dev.weft.control.Json;
import dev.weft.control.ProcessIdentity;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.ipc.RowBatch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CPU time (not the wall time: for a shared machine) a worker spends on {@code summary}, {@code list}
 * (streamed through a {@link RowBatch} to a socket, as to the master) and {@code kill} by age over N
 * sleeping coroutines, measured on the command's thread, and the event loop's CPU time until every killed
 * coroutine has unwound. Round 0 runs Weft's code cold, later rounds warm. Args: {@code [n] [rounds]}.
 */
public final class ControlCpu {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private ControlCpu() {}

    /** Runs the rounds and prints one line each. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        CommandRegistry commands = Commands.standard(new ProcessIdentity("bench", 1, "web", 0));
        Path sock = Files.createTempDirectory("control-cpu").resolve("link.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        JsonLineChannel link = JsonLineChannel.connect(sock);
        SocketChannel drain = server.accept();
        Thread.ofPlatform().daemon().start(() -> {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            try {
                while (drain.read(b.clear()) >= 0) {
                    // the master's side: read and dropped
                }
            } catch (java.io.IOException e) {
                // done
            }
        });
        long loop = -1;
        for (int r = 0; r < rounds; r++) {
            List<Coroutine> sleepers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sleepers.add(Co.go("spawned", () -> Co.sleep(Duration.ofHours(1))));
            }
            while (Co.stats().suspended() < n) {
                Thread.sleep(10);
            }
            if (loop < 0) {
                for (ThreadInfo t : MX.getThreadInfo(MX.getAllThreadIds())) {
                    if (t != null && t.getThreadName().equals("weft-loop-0")) {
                        loop = t.getThreadId();
                    }
                }
            }
            long c0 = MX.getCurrentThreadCpuTime();
            JsonNode summary = commands.handle("summary", null);
            long c1 = MX.getCurrentThreadCpuTime();
            RowBatch batch = new RowBatch(link, 1);
            JsonNode list = commands.stream("list", null, batch);
            batch.flush();
            long c2 = MX.getCurrentThreadCpuTime();
            long l0 = MX.getThreadCpuTime(loop);
            long w0 = System.nanoTime();
            JsonNode kill = commands.handle("kill", Json.MAPPER.readTree("{\"olderThan\":0,\"match\":\"^sleep$\"}"));
            long c3 = MX.getCurrentThreadCpuTime();
            Co.join(sleepers, null);
            long w1 = System.nanoTime();
            long l1 = MX.getThreadCpuTime(loop);
            if (!summary.path("ok").asBoolean() || !list.path("ok").asBoolean()) {
                throw new IllegalStateException(summary + " " + list);
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d, %,d sleepers: summary %.0f ms, list %.0f ms (%,d rows), kill %.0f ms (%,d) of CPU;"
                            + " the loop's CPU until all unwound %.0f ms (wall %.0f ms)%n",
                    r,
                    n,
                    (c1 - c0) / 1e6,
                    (c2 - c1) / 1e6,
                    list.path("result").path("count").asInt(),
                    (c3 - c2) / 1e6,
                    kill.path("result").path("count").asLong(),
                    (l1 - l0) / 1e6,
                    (w1 - w0) / 1e6);
        }
        System.exit(0);
    }
}
