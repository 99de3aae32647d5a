package dev.weft.net.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The inflate path of permessage-deflate: any bytes sent as a compressed message, in any number of
 * fragments, with or without context takeover, yield messages no larger than the limit or a close
 * with 1002, 1007 or 1009, however the wire bytes were cut; and whatever the server compresses
 * inflates back to itself.
 */
class PerMessageDeflateFuzzTest {
    private static final int MAX_MESSAGE = 4096;

    /**
     * The first byte chooses: bit 0 text or binary, bit 1 context takeover, bits 2-4 how many
     * fragments; the rest is the compressed payload, sent as two messages (the second one refers
     * back into the first when the context is kept).
     */
    @FuzzTest(maxDuration = "60s")
    void anyCompressedBytesInflateWithinTheLimit(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int choice = data[0] & 0xFF;
        byte[] compressed = Arrays.copyOfRange(data, 1, data.length);
        Opcode type = (choice & 1) == 0 ? Opcode.TEXT : Opcode.BINARY;
        PerMessageDeflate mode =
                (choice & 2) == 0 ? PerMessageDeflate.NO_CONTEXT_TAKEOVER : PerMessageDeflate.CONTEXT_TAKEOVER;
        int fragments = 1 + ((choice >> 2) & 7);
        ClientFrames frames = new ClientFrames();
        for (int m = 0; m < 2; m++) {
            for (int f = 0; f < fragments; f++) {
                int from = compressed.length * f / fragments;
                int to = compressed.length * (f + 1) / fragments;
                boolean fin = f == fragments - 1;
                int first = (fin ? 0x80 : 0) | (f == 0 ? 0x40 | type.code() : 0);
                frames.frame(first, Arrays.copyOfRange(compressed, from, to));
            }
        }
        byte[] wire = frames.bytes();
        String whole = outcome(wire, mode, wire.length);
        assertThat(outcome(wire, mode, 1)).isEqualTo(whole);
        assertThat(outcome(wire, mode, 1 + (choice % 13))).isEqualTo(whole);
    }

    /** Whatever the server's compressor sends inflates to the same bytes, one message after another. */
    @FuzzTest(maxDuration = "30s")
    void whatTheServerCompressesInflatesBack(byte[] data) {
        if (data.length == 0) {
            return;
        }
        PerMessageDeflate mode =
                (data[0] & 1) == 0 ? PerMessageDeflate.NO_CONTEXT_TAKEOVER : PerMessageDeflate.CONTEXT_TAKEOVER;
        DeflateParams params = DeflateParams.negotiate(ExtensionOffer.parse(List.of("permessage-deflate")), mode);
        // The deflater plays the client here: its frames, masked, go into a session that inflates them.
        MessageDeflater deflater = new MessageDeflater(params);
        WebSocketSession session = session(mode);
        byte[] message = Arrays.copyOfRange(data, 1, Math.min(data.length, MAX_MESSAGE + 1));
        try {
            for (int round = 0; round < 3; round++) {
                List<ByteBuffer> sent = new ArrayList<>();
                deflater.send(Opcode.BINARY, message, sent::add);
                ByteBuffer frame = sent.getFirst();
                int b0 = frame.get(0) & 0xFF;
                int len = frame.get(1) & 0x7F;
                int header = len == 126 ? 4 : len == 127 ? 10 : 2;
                byte[] payload = new byte[frame.remaining() - header];
                frame.get(header, payload);
                ByteBuffer in = new ClientFrames().frame(b0, payload).buffer();
                WebSocketEvent event = session.next(in);
                assertThat(event).isInstanceOf(WebSocketEvent.Binary.class);
                assertThat(((WebSocketEvent.Binary) event).data()).isEqualTo(message);
            }
        } finally {
            deflater.release();
            session.release();
        }
    }

    private static WebSocketSession session(PerMessageDeflate mode) {
        WebSocketSession session = new WebSocketSession(MAX_MESSAGE, MAX_MESSAGE);
        session.inflate(DeflateParams.negotiate(ExtensionOffer.parse(List.of("permessage-deflate")), mode));
        return session;
    }

    /** Feeds {@code wire} {@code step} bytes at a time and summarises what the session made of it. */
    private static String outcome(byte[] wire, PerMessageDeflate mode, int step) {
        WebSocketSession session = session(mode);
        ByteBuffer buffer = ByteBuffer.allocate(wire.length);
        StringBuilder summary = new StringBuilder();
        try {
            for (int fed = 0; fed < wire.length; ) {
                int n = Math.min(step, wire.length - fed);
                buffer.put(wire, fed, n);
                fed += n;
                buffer.flip();
                WebSocketEvent event;
                while ((event = session.next(buffer)) != null) {
                    summary.append(describe(event)).append('\n');
                }
                buffer.compact();
            }
            summary.append("need more");
        } catch (ProtocolException e) {
            assertThat(e.code()).isIn(1002, 1007, 1009);
            assertThat(WebSocketSession.closeFrameFor(e).remaining()).isLessThanOrEqualTo(127);
            summary.append("close ").append(e.code());
        } finally {
            session.release();
        }
        return summary.toString();
    }

    private static String describe(WebSocketEvent event) {
        return switch (event) {
            case WebSocketEvent.Text text -> {
                assertThat(text.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_MESSAGE);
                yield "text " + text.text();
            }
            case WebSocketEvent.Binary binary -> {
                assertThat(binary.data().length).isLessThanOrEqualTo(MAX_MESSAGE);
                yield "binary " + Arrays.toString(binary.data());
            }
            default -> event.toString();
        };
    }
}
