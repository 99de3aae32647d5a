package dev.weft.net.internal.websocket;

import static dev.weft.net.internal.websocket.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.PerMessageDeflate;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Compressed messages (RFC 7692 section 7.2) through a session, and the server's compression. */
class PerMessageDeflateCodecTest {
    private static final int MAX = 1 << 20;

    /** The compressed "Hello" of RFC 7692 section 7.2.3.1. */
    private static final byte[] HELLO = {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00};

    /** The second "Hello" of section 7.2.3.2: a back-reference into the first message. */
    private static final byte[] HELLO_AGAIN = {(byte) 0xf2, 0x00, 0x11, 0x00, 0x00};

    private static WebSocketSession session(PerMessageDeflate mode, String offer) {
        WebSocketSession session = new WebSocketSession(MAX, MAX);
        session.inflate(DeflateParams.negotiate(ExtensionOffer.parse(List.of(offer)), mode));
        return session;
    }

    private static WebSocketSession session() {
        return session(PerMessageDeflate.NO_CONTEXT_TAKEOVER, "permessage-deflate");
    }

    private static List<WebSocketEvent> events(WebSocketSession session, ClientFrames frames) {
        ByteBuffer in = frames.buffer();
        List<WebSocketEvent> events = new ArrayList<>();
        WebSocketEvent event;
        while ((event = session.next(in)) != null) {
            events.add(event);
        }
        return events;
    }

    private static void assertCloseCode(WebSocketSession session, ClientFrames frames, int code) {
        assertThatThrownBy(() -> events(session, frames))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** What a client sends: deflated with a sync flush, the trailing 00 00 ff ff removed. */
    static byte[] compress(Deflater deflater, byte[] data) {
        deflater.setInput(data);
        byte[] out = new byte[data.length + 1024];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        return Arrays.copyOf(out, n - 4);
    }

    static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            return compress(deflater, data);
        } finally {
            deflater.end();
        }
    }

    @Test
    void inflatesTheExampleOfRfc7692() {
        assertThat(events(session(), new ClientFrames().frame(0xC1, HELLO)))
                .containsExactly(new WebSocketEvent.Text("Hello"));
    }

    @Test
    void inflatesTheContextTakeoverExampleWhenTheClientKeepsItsContext() {
        WebSocketSession takeover = session(PerMessageDeflate.CONTEXT_TAKEOVER, "permessage-deflate");
        assertThat(events(takeover, new ClientFrames().frame(0xC1, HELLO).frame(0xC1, HELLO_AGAIN)))
                .containsExactly(new WebSocketEvent.Text("Hello"), new WebSocketEvent.Text("Hello"));
        // Told not to keep its context, a client that refers back anyway sent data that does not inflate.
        assertCloseCode(session(), new ClientFrames().frame(0xC1, HELLO).frame(0xC1, HELLO_AGAIN), 1007);
    }

    @Test
    void inflatesAFragmentedMessageWithControlFramesBetweenItsFragments() {
        byte[] text = utf8("héllo wörld, ".repeat(400));
        byte[] compressed = compress(text);
        int a = compressed.length / 3;
        int b = 2 * compressed.length / 3;
        List<WebSocketEvent> events = events(
                session(),
                new ClientFrames()
                        .frame(0x41, Arrays.copyOfRange(compressed, 0, a)) // RSV1 + text, not final
                        .frame(0x89, utf8("ping"))
                        .frame(0x00, Arrays.copyOfRange(compressed, a, b))
                        .frame(0x80, Arrays.copyOfRange(compressed, b, compressed.length)));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(WebSocketEvent.Ping.class);
        assertThat(events.get(1))
                .isEqualTo(new WebSocketEvent.Text(new String(text, java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void compressedAndUncompressedMessagesMix() {
        byte[] data = new byte[3000];
        new Random(7).nextBytes(data);
        List<WebSocketEvent> events = events(
                session(),
                new ClientFrames().frame(0xC2, compress(data)).frame(0x82, data).text("plain"));
        assertThat(events).hasSize(3);
        assertThat(((WebSocketEvent.Binary) events.get(0)).data()).isEqualTo(data);
        assertThat(((WebSocketEvent.Binary) events.get(1)).data()).isEqualTo(data);
        assertThat(events.get(2)).isEqualTo(new WebSocketEvent.Text("plain"));
    }

    @Test
    void rsv1IsRefusedWhereRfc7692ForbidsIt() {
        // Not negotiated.
        assertCloseCode(new WebSocketSession(MAX, MAX), new ClientFrames().frame(0xC1, HELLO), 1002);
        // On a control frame.
        assertCloseCode(session(), new ClientFrames().frame(0xC9, utf8("x")), 1002);
        // On a continuation frame.
        assertCloseCode(session(), new ClientFrames().frame(0x41, HELLO).frame(0xC0, HELLO), 1002);
        // RSV2 and RSV3 mean nothing with permessage-deflate either.
        assertCloseCode(session(), new ClientFrames().frame(0xE1, HELLO), 1002);
        assertCloseCode(session(), new ClientFrames().frame(0xD1, HELLO), 1002);
    }

    @Test
    void dataThatDoesNotInflateOrIsNotUtf8Closes1007() {
        assertCloseCode(session(), new ClientFrames().frame(0xC1, new byte[] {(byte) 0xff, (byte) 0xff, 1, 2}), 1007);
        assertCloseCode(
                session(), new ClientFrames().frame(0xC1, compress(new byte[] {'o', 'k', (byte) 0xC3, 0x28})), 1007);
        // A code point cut off at the message's end.
        assertCloseCode(session(), new ClientFrames().frame(0xC1, compress(new byte[] {'o', (byte) 0xC3})), 1007);
    }

    @Test
    void aZipBombClosesWith1009HavingInflatedNoMoreThanTheLimit() {
        // 256 copies of the sync-flushed deflate of 1 MiB of zeros chain into one stream of 256 MiB.
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[1 << 20]);
        byte[] chunk = new byte[1 << 16];
        int n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
        deflater.end();
        byte[] bomb = new byte[256 * n - 4];
        for (int i = 0; i < 256; i++) {
            System.arraycopy(chunk, 0, bomb, i * n, Math.min(n, bomb.length - i * n));
        }
        assertThat(bomb.length).isLessThan(MAX / 2);

        WebSocketSession session = session();
        ClientFrames frames = new ClientFrames().frame(0xC2, bomb);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertCloseCode(session, frames, 1009);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // The frame itself, and an output buffer doubled up to the limit: never the 256 MiB.
        assertThat(allocated).isLessThan(4L * MAX + 2L * bomb.length);
        session.release();
    }

    @Test
    void aMessageOfExactlyTheLimitInflates() {
        byte[] data = new byte[MAX];
        Arrays.fill(data, (byte) 'a');
        assertThat(events(session(), new ClientFrames().frame(0xC2, compress(data))))
                .singleElement()
                .satisfies(e -> assertThat(((WebSocketEvent.Binary) e).data()).isEqualTo(data));
        byte[] over = Arrays.copyOf(data, MAX + 1);
        assertCloseCode(session(), new ClientFrames().frame(0xC2, compress(over)), 1009);
    }

    @Test
    void compressedFragmentsTogetherAreBoundedToo() {
        // Empty stored blocks inflate to nothing: without a bound on compressed bytes they could go on forever.
        byte[] empty = {0x00, 0x00, 0x00, (byte) 0xff, (byte) 0xff};
        ClientFrames frames = new ClientFrames().frame(0x42, empty);
        byte[] chunk = new byte[60_000];
        for (int i = 0; i + 5 <= chunk.length; i += 5) {
            System.arraycopy(empty, 0, chunk, i, 5);
        }
        for (int i = 0; i < MAX / chunk.length + 2; i++) {
            frames.frame(0x00, chunk);
        }
        assertCloseCode(session(), frames, 1009);
    }

    // --- the server's side ---

    /** One frame the server wrote: header bits, and the payload inflated if RSV1 is set. */
    private record Sent(boolean rsv1, int opcode, int wireLength, byte[] message) {}

    private static Sent sent(ByteBuffer frame, Inflater inflater) throws DataFormatException {
        int b0 = frame.get() & 0xFF;
        int len = frame.get() & 0x7F;
        if (len == 126) {
            len = frame.getShort() & 0xFFFF;
        } else if (len == 127) {
            len = (int) frame.getLong();
        }
        assertThat(frame.remaining()).isEqualTo(len);
        byte[] payload = new byte[len];
        frame.get(payload);
        boolean rsv1 = (b0 & 0x40) != 0;
        if (!rsv1) {
            return new Sent(false, b0 & 0x0F, len, payload);
        }
        byte[] withTail = Arrays.copyOf(payload, len + 4);
        System.arraycopy(MessageInflater.TAIL, 0, withTail, len, 4);
        inflater.setInput(withTail);
        byte[] out = new byte[1 << 22];
        int n = inflater.inflate(out);
        return new Sent(true, b0 & 0x0F, len, Arrays.copyOf(out, n));
    }

    private static List<ByteBuffer> send(MessageDeflater deflater, Opcode opcode, byte[] payload) {
        List<ByteBuffer> frames = new ArrayList<>();
        assertThat(deflater.send(opcode, payload, frames::add)).isTrue();
        return frames;
    }

    private static MessageDeflater deflater(PerMessageDeflate mode) {
        return new MessageDeflater(DeflateParams.negotiate(ExtensionOffer.parse(List.of("permessage-deflate")), mode));
    }

    @Test
    void theServerCompressesLargeMessagesAndSendsSmallOnesAsTheyAre() throws Exception {
        MessageDeflater deflater = deflater(PerMessageDeflate.NO_CONTEXT_TAKEOVER);
        Inflater client = new Inflater(true);
        byte[] large = utf8("{\"price\": 12, \"name\": \"tea\"}, ".repeat(1000));
        Sent big = sent(send(deflater, Opcode.TEXT, large).getFirst(), client);
        assertThat(big.rsv1()).isTrue();
        assertThat(big.opcode()).isEqualTo(Opcode.TEXT.code());
        assertThat(big.message()).isEqualTo(large);
        assertThat(big.wireLength()).isLessThan(large.length / 10);

        Sent small = sent(send(deflater, Opcode.BINARY, utf8("tiny")).getFirst(), client);
        assertThat(small.rsv1()).isFalse();
        assertThat(small.message()).isEqualTo(utf8("tiny"));
        client.end();
    }

    @Test
    void withoutContextTakeoverAMessageThatDoesNotShrinkIsSentAsItIs() throws Exception {
        byte[] noise = new byte[5000];
        new Random(1).nextBytes(noise);
        Sent s = sent(
                send(deflater(PerMessageDeflate.NO_CONTEXT_TAKEOVER), Opcode.BINARY, noise)
                        .getFirst(),
                null);
        assertThat(s.rsv1()).isFalse();
        assertThat(s.message()).isEqualTo(noise);
    }

    @Test
    void withContextTakeoverARepeatedMessageCostsAlmostNothing() throws Exception {
        MessageDeflater deflater = deflater(PerMessageDeflate.CONTEXT_TAKEOVER);
        Inflater client = new Inflater(true); // the client keeps its context too
        byte[] message = new byte[4000];
        new Random(3).nextBytes(message);
        Sent first = sent(send(deflater, Opcode.BINARY, message).getFirst(), client);
        Sent second = sent(send(deflater, Opcode.BINARY, message).getFirst(), client);
        assertThat(first.rsv1())
                .as("sent compressed even though it grew: the window has it")
                .isTrue();
        assertThat(first.message()).isEqualTo(message);
        assertThat(second.message()).isEqualTo(message);
        assertThat(second.wireLength()).isLessThan(100);
        deflater.release();
        assertThat(deflater.send(Opcode.BINARY, message, f -> true))
                .as("after release")
                .isFalse();
        client.end();
    }

    @Test
    void theServersCompressionInflatesInTheSessionThatReadsIt() {
        // Server frames are unmasked; re-mask one as a client would send it and read it back.
        byte[] text = utf8("round trip ".repeat(300));
        ByteBuffer frame = send(deflater(PerMessageDeflate.NO_CONTEXT_TAKEOVER), Opcode.TEXT, text)
                .getFirst();
        int b0 = frame.get(0) & 0xFF;
        int headerLength = FrameEncoder.headerLength(frame.remaining() - 4);
        byte[] payload = new byte[frame.remaining() - headerLength];
        frame.get(headerLength, payload);
        assertThat(events(session(), new ClientFrames().frame(b0, payload)))
                .containsExactly(new WebSocketEvent.Text(new String(text, java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theEncoderRefusesRsv1OnControlAndContinuationFrames() {
        ByteBuffer out = ByteBuffer.allocate(16);
        assertThatThrownBy(() -> FrameEncoder.writeHeader(out, Opcode.PING, true, true, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameEncoder.writeHeader(out, Opcode.CONTINUATION, true, true, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
