package dev.weft.bench.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/** The baseline: blocking {@link java.net.Socket} on virtual threads (the JDK's own poller). */
final class VirtualThreadEcho implements EchoPair {
    private final ServerSocket server;
    private final int size;

    VirtualThreadEcho(int size) throws IOException {
        this.size = size;
        server = new ServerSocket(0, 1024, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            try {
                for (; ; ) {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> echo(s));
                }
            } catch (IOException e) {
                // closed: benchmark over
            }
        });
    }

    private static void echo(Socket s) {
        byte[] buf = new byte[16384];
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            for (; ; ) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // peer gone
        }
    }

    @Override
    public Client connect() throws Exception {
        Socket s = new Socket(server.getInetAddress(), server.getLocalPort());
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] msg = new byte[size];
        byte[] back = new byte[size];
        return new Client() {
            @Override
            public void roundTrip() throws Exception {
                out.write(msg);
                if (in.readNBytes(back, 0, size) != size) {
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
            Thread.ofVirtual().start(() -> {
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
    }
}
