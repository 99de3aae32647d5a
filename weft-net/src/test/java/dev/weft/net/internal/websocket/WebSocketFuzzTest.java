package dev.weft.net.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * For any bytes the WebSocket frame decoder and message assembler yield events, need more bytes,
 * or throw {@link ProtocolException} with close code 1002, 1007 or 1009; nothing else, within the
 * size limits, and independent of how the bytes were cut.
 */
class WebSocketFuzzTest {
    private static final int MAX_FRAME = 256;
    private static final int MAX_MESSAGE = 512;

    @FuzzTest(maxDuration = "60s")
    void anyBytesDecodeTheSameInAnySplit(byte[] data) {
        String whole = outcome(data, 1 << 30);
        assertThat(outcome(data, 1)).isEqualTo(whole);
        int step = 1 + new SplittableRandom(Arrays.hashCode(data)).nextInt(16);
        assertThat(outcome(data, step)).isEqualTo(whole);
    }

    /** The incremental validator must agree with the JDK's strict decoder on every input. */
    @FuzzTest(maxDuration = "30s")
    void utf8ValidationAgreesWithTheJdk(byte[] data) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        Utf8Validator whole = new Utf8Validator();
        assertThat(whole.feed(data, 0, data.length) && whole.complete()).isEqualTo(jdk);
        Utf8Validator bytewise = new Utf8Validator();
        boolean valid = true;
        for (int i = 0; i < data.length && valid; i++) {
            valid = bytewise.feed(data, i, 1);
        }
        assertThat(valid && bytewise.complete()).isEqualTo(jdk);
    }

    /** Feeds {@code data} {@code step} bytes at a time and summarises what the session made of it. */
    private static String outcome(byte[] data, int step) {
        WebSocketSession session = new WebSocketSession(MAX_FRAME, MAX_MESSAGE);
        ByteBuffer buffer = ByteBuffer.allocate(data.length);
        StringBuilder summary = new StringBuilder();
        try {
            for (int fed = 0; fed < data.length; ) {
                int n = Math.min(step, data.length - fed);
                buffer.put(data, fed, n);
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
            case WebSocketEvent.Ping ping -> {
                assertThat(ping.reply().remaining()).isEqualTo(2 + ping.payload().length);
                yield "ping " + Arrays.toString(ping.payload());
            }
            case WebSocketEvent.Pong pong -> "pong " + Arrays.toString(pong.payload());
            case WebSocketEvent.Close close -> {
                assertThat(close.reply().remaining()).isIn(2, 4);
                yield "close " + close.code() + " " + close.reason();
            }
        };
    }
}
