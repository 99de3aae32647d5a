package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import dev.weft.net.internal.TcpConnection;
import dev.weft.net.protocol.Protocol;
import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.server.NetServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** TcpConnection features against real sockets: flow control, closing with data, limits, custom protocols. */
class ConnectionFeaturesTest {
    private static void write(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Whether the connection's reader coroutine waits for resumeRecv (and so reads nothing). */
    private static boolean waitsForResume(TcpConnection c) {
        Coroutine r = c.coroutine();
        Suspension s = r == null ? null : r.suspension();
        return s != null && s.event().equals("waitFor:connection.resume#" + c.id());
    }

    @Test
    void pauseRecvHoldsBackEvenBufferedMessagesUntilResumeRecv() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<TcpConnection> conn = new AtomicReference<>();
        Callbacks cb = new Callbacks().onMessage((Connection c, String line) -> {
            seen.add(line);
            if (line.equals("pause")) {
                conn.set((TcpConnection) c);
                c.pauseRecv(); // on the interface: no cast needed
            }
            c.send("ack " + line);
        });
        try (ServerFixture f = ServerFixture.start("text", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            BufferedReader in = reader(s);
            write(s, "pause\nheld-1\nheld-2\n"); // one write: the held lines arrive with "pause"
            assertThat(in.readLine()).isEqualTo("ack pause");
            await().until(() -> waitsForResume(conn.get()));
            assertThat(seen).containsExactly("pause");
            assertThat(conn.get().isPaused()).isTrue();
            assertThat(conn.get().recvQueueSize()).isPositive();

            conn.get().resumeRecv();
            // The buffered lines are decoded at once, without waiting for more bytes from the peer.
            assertThat(in.readLine()).isEqualTo("ack held-1");
            assertThat(in.readLine()).isEqualTo("ack held-2");
            write(s, "after\n");
            assertThat(in.readLine()).isEqualTo("ack after");
        }
    }

    @Test
    void closeWithDataSendsItThenCloses() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, String line) -> c.close("farewell " + line))
                .onClose(c -> closes.incrementAndGet());
        try (ServerFixture f = ServerFixture.start("text", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            write(s, "bob\n");
            BufferedReader in = reader(s);
            assertThat(in.readLine()).isEqualTo("farewell bob");
            assertThat(in.readLine()).isNull();
            await().until(() -> closes.get() == 1);
        }
    }

    @Test
    void onBufferDrainFiresOnceASlowReaderCatchesUp() throws Exception {
        CountDownLatch full = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(1);
        AtomicLong accepted = new AtomicLong();
        byte[] chunk = new byte[16 * 1024];
        Callbacks cb = new Callbacks()
                .onBufferFull(c -> full.countDown())
                .onBufferDrain(c -> drained.countDown())
                .onMessage((Connection c, byte[] go) -> {
                    // Send until the buffer is full; what send() accepted must all arrive.
                    while (full.getCount() > 0 && c.send(chunk)) {
                        accepted.addAndGet(chunk.length);
                    }
                });
        NetOptions small = NetOptions.defaults().withMaxSendBufferSize(128 * 1024);
        try (ServerFixture f = ServerFixture.start("tcp", cb, small);
                Socket s = new Socket()) {
            s.setReceiveBufferSize(8 * 1024);
            s.connect(f.address());
            write(s, "go");
            assertThat(full.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(drained.getCount()).isEqualTo(1);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < accepted.get()) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                read += n;
            }
            assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(read).isEqualTo(accepted.get());
        }
    }

    @Test
    void aTextLineOverMaxPackageSizeClosesTheConnectionWithAClearLogLine() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("dev.weft.net");
        jul.addHandler(capture);
        List<String> errors = new CopyOnWriteArrayList<>();
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, String line) -> c.send(line))
                .onError((c, code, message) -> errors.add(code + " " + message));
        try (ServerFixture f =
                        ServerFixture.start("text", cb, NetOptions.defaults().withMaxPackageSize(64));
                Socket s = new Socket("127.0.0.1", f.port)) {
            write(s, "short\n");
            BufferedReader in = reader(s);
            assertThat(in.readLine()).isEqualTo("short");
            write(s, "y".repeat(100));
            assertThat(in.readLine()).isNull();
            assertThat(errors)
                    .containsExactly(ErrorHandler.PROTOCOL_ERROR
                            + " text line longer than the maximum package size of 64 bytes");
            await().untilAsserted(() -> assertThat(logged).anySatisfy(l -> assertThat(l)
                    .contains("text line longer than the maximum package size of 64 bytes", "closing")));
        } finally {
            jul.removeHandler(capture);
        }
    }

    /** One byte of length, then that many bytes of UTF-8: a protocol Weft does not know. */
    static final class ShortStringProtocol implements Protocol<String, String> {
        @Override
        public int input(ByteBuffer buffer) {
            if (!buffer.hasRemaining()) {
                return 0;
            }
            int length = 1 + (buffer.get(buffer.position()) & 0xff);
            if (length == 1) {
                throw new ProtocolException("empty packet");
            }
            return buffer.remaining() >= length ? length : 0;
        }

        @Override
        public String decode(ByteBuffer packet) {
            packet.get();
            byte[] b = new byte[packet.remaining()];
            packet.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public ByteBuffer encode(String message) {
            byte[] b = message.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + b.length).put((byte) b.length).put(b).flip();
        }
    }

    @Test
    void connectionRowsDescribeEachOpenConnection() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, String m) -> c.send(m));
        NetServer server = new NetServer(ListenUrl.parse("text://127.0.0.1:0"), cb, NetOptions.defaults(), null);
        server.start(null);
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            s.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("hi");
            long id = server.connections().getFirst().id();
            assertThat(server.connectionRows()).singleElement().satisfies(row -> assertThat(row)
                    .containsEntry("id", id)
                    .containsEntry("protocol", "text")
                    .containsEntry("bytes_read", 3L));
        } finally {
            server.stopAccepting();
            server.closeAll();
        }
    }

    @Test
    void aUserSuppliedProtocolServesACustomScheme() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, String m) -> c.send(m.toUpperCase()));
        NetServer server = new NetServer(
                ListenUrl.parse("myproto://127.0.0.1:0"), cb, NetOptions.defaults(), new ShortStringProtocol());
        server.start(null);
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {3, 'a', 'b', 'c', 2, 'd'}); // one packet and a half
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(in.readNBytes(4)).containsExactly(3, 'A', 'B', 'C');
            out.write('e');
            out.flush();
            assertThat(in.readNBytes(3)).containsExactly(2, 'D', 'E');
            assertThat(server.connections().getFirst().protocol()).isEqualTo("myproto");
            out.write(0); // breaks the protocol: the connection closes
            out.flush();
            assertThat(in.read()).isEqualTo(-1);
        } finally {
            server.stopAccepting();
            server.closeAll();
        }
    }
}
