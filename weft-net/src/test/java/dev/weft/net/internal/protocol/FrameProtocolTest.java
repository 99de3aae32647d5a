package dev.weft.net.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameProtocolTest {
    private final FrameProtocol protocol = new FrameProtocol();

    private static ByteBuffer bytes(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length);
        for (int v : values) {
            buffer.put((byte) v);
        }
        return buffer.flip();
    }

    @Test
    void theLengthPrefixCountsThePayloadOnly() {
        assertThat(protocol.input(bytes(0, 0, 0, 3, 'a', 'b', 'c'))).isEqualTo(7);
    }

    @Test
    void needsMoreBytesForAPartialPrefixOrPayload() {
        assertThat(protocol.input(bytes(0, 0, 0))).isZero();
        assertThat(protocol.input(bytes(0, 0, 0, 3, 'a', 'b'))).isZero();
    }

    @Test
    void anEmptyPayloadIsAFourBytePacket() {
        ByteBuffer buffer = bytes(0, 0, 0, 0, 9);
        assertThat(protocol.next(buffer)).isEmpty();
        assertThat(buffer.remaining()).isEqualTo(1);
    }

    @Test
    void encodeThenNextRoundTrips() {
        ByteBuffer encoded = protocol.encode(new byte[] {1, 2, 3});
        assertThat(encoded.remaining()).isEqualTo(7);
        assertThat(encoded.getInt(0)).isEqualTo(3);
        assertThat(protocol.next(encoded)).containsExactly(1, 2, 3);
        assertThat(encoded.hasRemaining()).isFalse();
    }

    @Test
    void aTwoGibPrefixIsRejectedFromTheHeaderAlone() {
        assertThatThrownBy(() -> protocol.input(bytes(0x80, 0, 0, 0)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("2147483648");
        assertThatThrownBy(() -> protocol.input(bytes(0xFF, 0xFF, 0xFF, 0xFF)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("4294967295");
    }

    @Test
    void aPayloadOneByteOverTheMaximumIsRejected() {
        FrameProtocol small = new FrameProtocol(10);
        assertThat(small.input(bytes(0, 0, 0, 10))).isZero();
        assertThatThrownBy(() -> small.input(bytes(0, 0, 0, 11))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void theDefaultMaximumIsTenMebibytes() {
        assertThat(protocol.input(bytes(0, 0xA0, 0, 0))).isZero();
        assertThatThrownBy(() -> protocol.input(bytes(0, 0xA0, 0, 1))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void readsTheLengthBigEndianWhateverTheBufferByteOrder() {
        ByteBuffer buffer = bytes(0, 0, 0, 1, 'x').order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(protocol.input(buffer)).isEqualTo(5);
    }

    @Test
    void decodeRejectsAPacketWhosePrefixDoesNotMatch() {
        assertThatThrownBy(() -> protocol.decode(bytes(0, 0, 0, 5, 'a'))).isInstanceOf(ProtocolException.class);
    }
}
