package dev.weft.bench.io;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.net.CoServerSocket;
import dev.weft.coroutine.net.CoSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Echo over Weft's {@link CoSocket}: a coroutine per connection on both sides. */
final class WeftEcho implements EchoPair {
    private final CoServerSocket server;
    private final Coroutine acceptor;
    private final int size;

    WeftEcho(int size) throws IOException {
        this.size = size;
        server = CoServerSocket.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        acceptor = Co.goSystem("bench-acceptor", () -> {
            try {
                for (; ; ) {
                    CoSocket s = server.accept(null);
                    if (s == null) {
                        return;
                    }
                    s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    Co.go(() -> echo(s));
                }
            } catch (IOException e) {
                // closed: benchmark over
            }
        });
    }

    private static void echo(CoSocket s) {
        ByteBuffer buf = ByteBuffer.allocateDirect(16384);
        try (s) {
            for (; ; ) {
                int n = s.read(buf, null);
                if (n <= 0) {
                    return;
                }
                buf.flip();
                s.writeFully(buf, null);
                buf.clear();
            }
        } catch (IOException e) {
            // peer gone
        }
    }

    @Override
    public Client connect() throws Exception {
        CoSocket s = CoSocket.open();
        s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (!s.connect(server.localAddress(), Duration.ofSeconds(10))) {
            throw new IOException("connect failed");
        }
        ByteBuffer out = ByteBuffer.allocateDirect(size);
        ByteBuffer in = ByteBuffer.allocateDirect(size);
        return new Client() {
            @Override
            public void roundTrip() throws Exception {
                out.clear();
                s.writeFully(out, null);
                in.clear();
                if (!s.readFully(in, null)) {
                    throw new IOException("short read");
                }
            }

            @Override
            public void close() throws IOException {
                s.close();
            }
        };
    }

    @Override
    public void runAll(Runnable[] tasks) throws Exception {
        CountDownLatch done = new CountDownLatch(tasks.length);
        for (Runnable t : tasks) {
            Co.go(() -> {
                try {
                    t.run();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.kill();
    }
}
