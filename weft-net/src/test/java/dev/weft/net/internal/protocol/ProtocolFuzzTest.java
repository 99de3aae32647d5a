package dev.weft.net.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.net.protocol.Protocol;
import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;

/**
 * For any bytes, fed in any split, the text and frame protocols yield packets, need more bytes,
 * or throw {@link ProtocolException}; nothing else, and never a packet over the maximum.
 */
class ProtocolFuzzTest {
    private static final int MAX = 64;

    @FuzzTest(maxDuration = "30s")
    void textProtocolCopesWithAnyBytes(byte[] data) {
        consumeAll(new TextProtocol(MAX), data);
    }

    @FuzzTest(maxDuration = "30s")
    void frameProtocolCopesWithAnyBytes(byte[] data) {
        consumeAll(new FrameProtocol(MAX), data);
    }

    /** Feeds the data as a connection would, growing the receive buffer a few bytes at a time. */
    private static void consumeAll(Protocol<?, ?> protocol, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(data.length);
        int fed = 0;
        int step = 1 + (data.length == 0 ? 0 : (data[0] & 7));
        try {
            while (fed < data.length) {
                int n = Math.min(step, data.length - fed);
                buffer.put(data, fed, n);
                fed += n;
                buffer.flip();
                int length;
                while ((length = protocol.input(buffer)) > 0) {
                    assertThat(length).isBetween(1, MAX + FrameProtocol.HEADER_LENGTH);
                    assertThat(protocol.next(buffer)).isNotNull();
                }
                buffer.compact();
            }
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
