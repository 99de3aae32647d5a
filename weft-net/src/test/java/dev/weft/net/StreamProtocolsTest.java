package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.internal.TcpConnection;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamProtocolsTest {
    @Test
    void textProtocolEchoesEachLineInOrder() throws Exception {
        Callbacks cb = new Callbacks().onMessage((Connection c, String line) -> c.send(line));
        try (ServerFixture f = ServerFixture.start("text", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.print("one\ntwo\r\nthr");
            out.flush();
            assertThat(in.readLine()).isEqualTo("one");
            assertThat(in.readLine()).isEqualTo("two");
            out.print("ee\n");
            out.flush();
            assertThat(in.readLine()).isEqualTo("three");
        }
    }

    @Test
    void frameProtocolRoundTripsLengthPrefixedMessages() throws Exception {
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, byte[] data) ->
                        c.send(new StringBuilder(new String(data, StandardCharsets.UTF_8))
                                .reverse()
                                .toString()));
        try (ServerFixture f = ServerFixture.start("frame", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] msg = "abc".getBytes(StandardCharsets.UTF_8);
            out.writeInt(msg.length);
            out.write(msg);
            out.flush();
            int len = in.readInt();
            byte[] back = in.readNBytes(len);
            assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("cba");
        }
    }

    @Test
    void aHugeFramePrefixClosesTheConnectionWithoutAllocating() throws Exception {
        AtomicInteger errors = new AtomicInteger();
        Callbacks cb = new Callbacks()
                .onMessage((Connection c, byte[] data) -> c.send(data))
                .onError((c, code, message) -> errors.incrementAndGet());
        try (ServerFixture f = ServerFixture.start("frame", cb);
                Socket s = new Socket("127.0.0.1", f.port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(Integer.MAX_VALUE);
            out.flush();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(errors.get()).isEqualTo(1);
        }
    }

    @Test
    void sendsOverTheBufferLimitAreDroppedAndCounted() throws Exception {
        AtomicInteger full = new AtomicInteger();
        long failBefore = NetStats.sendFail();
        byte[] chunk = new byte[64 * 1024];
        Callbacks cb = new Callbacks()
                .onBufferFull(c -> full.incrementAndGet())
                .onMessage((Connection c, byte[] go) -> {
                    for (int i = 0; i < 200; i++) {
                        c.send(chunk);
                    }
                });
        NetOptions small = NetOptions.defaults().withMaxSendBufferSize(256 * 1024);
        try (ServerFixture f = ServerFixture.start("tcp", cb, small);
                Socket s = new Socket("127.0.0.1", f.port)) {
            s.setReceiveBufferSize(4096);
            s.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            await().until(() -> NetStats.sendFail() > failBefore);
            assertThat(full.get()).isEqualTo(1);
            TcpConnection c = f.server.connections().getFirst();
            assertThat(c.sendQueueSize()).isLessThanOrEqualTo(256 * 1024 + chunk.length);
        }
    }
}
