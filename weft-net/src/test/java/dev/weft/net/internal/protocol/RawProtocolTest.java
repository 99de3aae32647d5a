package dev.weft.net.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RawProtocolTest {
    private final RawProtocol protocol = new RawProtocol();

    @Test
    void everyArrivedByteIsOnePacket() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3});
        buffer.position(1);
        assertThat(protocol.next(buffer)).containsExactly(2, 3);
        assertThat(buffer.hasRemaining()).isFalse();
    }

    @Test
    void anEmptyBufferNeedsMoreBytes() {
        assertThat(protocol.next(ByteBuffer.allocate(0))).isNull();
    }

    @Test
    void encodeSendsTheBytesAsTheyAre() {
        assertThat(protocol.encode(new byte[] {7, 8}).array()).containsExactly(7, 8);
    }
}
