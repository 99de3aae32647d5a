package dev.weft.bench.io;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.net.CoServerSocket;
import dev.weft.coroutine.net.CoSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cancel-to-wakeup latency: a coroutine blocked in {@code CoSocket.read} (no data ever arrives) is
 * cancelled; the score is the time from {@code Co.cancel} until the coroutine has returned from the
 * read (it then blocks in the next read; the per-invocation setup waits for that, untimed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CancelWakeupBenchmark {
    private CoServerSocket server;
    private Socket peer;
    private CoSocket conn;
    private Coroutine reader;
    private final AtomicLong resumed = new AtomicLong();
    private long seen;

    /** Connects and starts the reader coroutine. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = CoServerSocket.bind(new InetSocketAddress("127.0.0.1", 0), 4);
        peer = new Socket();
        peer.connect(server.localAddress());
        conn = server.accept(null);
        reader = Co.go(() -> {
            ByteBuffer b = ByteBuffer.allocate(16);
            try {
                while (conn.read(b, null) == 0) {
                    resumed.incrementAndGet();
                }
            } catch (IOException e) {
                // closed: benchmark over
            }
        });
    }

    /** Waits (untimed) until the reader is blocked in its read again. */
    @Setup(Level.Invocation)
    public void awaitBlocked() {
        while (reader.state() != Coroutine.State.SUSPENDED || resumed.get() != seen) {
            Thread.onSpinWait();
        }
    }

    /** Cancels the read and spins until the coroutine has resumed. */
    @Benchmark
    public long cancelToWakeup() {
        Co.cancel(reader.id());
        long target = seen + 1;
        while (resumed.get() < target) {
            Thread.onSpinWait();
        }
        seen = target;
        return target;
    }

    /** Closes the sockets (the reader ends). */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        conn.close();
        peer.close();
        server.close();
    }
}
