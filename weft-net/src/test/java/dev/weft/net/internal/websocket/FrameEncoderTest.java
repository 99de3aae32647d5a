package dev.weft.net.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    private static int[] unsigned(ByteBuffer buffer) {
        int[] bytes = new int[buffer.remaining()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = buffer.get(buffer.position() + i) & 0xFF;
        }
        return bytes;
    }

    @Test
    void serverFramesAreUnmasked() {
        // RFC 6455 section 5.7: an unmasked text frame "Hello".
        assertThat(unsigned(FrameEncoder.text("Hello"))).containsExactly(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    }

    @Test
    void lengthsUseTheShortestEncoding() {
        assertThat(unsigned(FrameEncoder.binary(new byte[125]))[1]).isEqualTo(125);
        int[] medium = unsigned(FrameEncoder.binary(new byte[256]));
        assertThat(new int[] {medium[1], medium[2], medium[3]}).containsExactly(126, 1, 0);
        int[] large = unsigned(FrameEncoder.binary(new byte[65_536]));
        assertThat(large[1]).isEqualTo(127);
        assertThat(new int[] {large[6], large[7], large[8], large[9]}).containsExactly(0, 1, 0, 0);
        assertThat(large).hasSize(10 + 65_536);
    }

    @Test
    void closeFramesCarryTheCodeThenTheReason() {
        assertThat(unsigned(FrameEncoder.close(1000, "ok"))).containsExactly(0x88, 4, 0x03, 0xE8, 'o', 'k');
        assertThat(unsigned(FrameEncoder.emptyClose())).containsExactly(0x88, 0);
    }

    @Test
    void reservedCloseCodesAndLongReasonsAreRefused() {
        assertThatThrownBy(() -> FrameEncoder.close(1005, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameEncoder.close(1000, "x".repeat(124)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FrameEncoder.close(4000, "x".repeat(123)).remaining()).isEqualTo(127);
    }

    @Test
    void controlFramesCannotBeLargeOrFragmented() {
        assertThatThrownBy(() -> FrameEncoder.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameEncoder.frame(Opcode.PING, false, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fragmentsClearTheFinBit() {
        assertThat(unsigned(FrameEncoder.frame(Opcode.TEXT, false, new byte[] {'a'}))[0])
                .isEqualTo(0x01);
        assertThat(unsigned(FrameEncoder.frame(Opcode.CONTINUATION, true, new byte[] {'b'}))[0])
                .isEqualTo(0x80);
    }

    @Test
    void writeHeaderFramesAPayloadHeldElsewhere() {
        ByteBuffer header = ByteBuffer.allocate(FrameEncoder.headerLength(70_000));
        FrameEncoder.writeHeader(header, Opcode.BINARY, true, 70_000);
        assertThat(header.position()).isEqualTo(10);
    }
}
