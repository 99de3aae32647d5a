package dev.weft.net.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final FrameDecoder decoder = new FrameDecoder();

    @Test
    void decodesAndUnmasksTheRfcHelloExample() {
        // RFC 6455 section 5.7: a single-frame masked text message "Hello".
        ByteBuffer in = new ClientFrames()
                .raw(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58)
                .buffer();
        Frame frame = decoder.decode(in);
        assertThat(frame.fin()).isTrue();
        assertThat(frame.opcode()).isEqualTo(Opcode.TEXT);
        assertThat(new String(frame.payload(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("Hello");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void decodesSixteenAndSixtyFourBitLengths() {
        byte[] medium = new byte[300];
        byte[] large = new byte[70_000];
        large[69_999] = 9;
        ByteBuffer in =
                new ClientFrames().frame(0x82, medium).frame(0x82, large).buffer();
        assertThat(decoder.decode(in).payload()).hasSize(300);
        Frame big = decoder.decode(in);
        assertThat(big.payload()).hasSize(70_000);
        assertThat(big.payload()[69_999]).isEqualTo((byte) 9);
    }

    @Test
    void framesSplitAtEveryByteDecodeTheSame() {
        byte[] wire = new ClientFrames()
                .text("fragmented ☃")
                .frame(0x89, new byte[] {1, 2})
                .frame(0x82, new byte[200])
                .bytes();
        for (int cut = 0; cut <= wire.length; cut++) {
            FrameDecoder fresh = new FrameDecoder();
            ByteBuffer buffer = ByteBuffer.allocate(wire.length);
            buffer.put(wire, 0, cut).flip();
            java.util.List<Frame> frames = new java.util.ArrayList<>();
            Frame frame;
            while ((frame = fresh.decode(buffer)) != null) {
                frames.add(frame);
            }
            buffer.compact().put(wire, cut, wire.length - cut).flip();
            while ((frame = fresh.decode(buffer)) != null) {
                frames.add(frame);
            }
            assertThat(frames).extracting(Frame::opcode).containsExactly(Opcode.TEXT, Opcode.PING, Opcode.BINARY);
            assertThat(frames.get(1).payload()).containsExactly(1, 2);
        }
    }

    @Test
    void aPartialHeaderIsNotConsumed() {
        ByteBuffer in = new ClientFrames().raw(0x81, 0xFE, 0x01).buffer();
        assertThat(decoder.decode(in)).isNull();
        assertThat(in.position()).isZero();
    }

    @Test
    void anEmptyFrameHasAnEmptyPayload() {
        assertThat(decoder.decode(new ClientFrames().frame(0x81, new byte[0]).buffer())
                        .payload())
                .isEmpty();
    }

    @Test
    void unmaskedClientFramesAre1002() {
        assertCloseCode(new ClientFrames().frame(0x81, new byte[] {'a'}, false).buffer(), 1002);
    }

    @Test
    void rsvBitsWithoutAnExtensionAre1002() {
        for (int rsv : new int[] {0x40, 0x20, 0x10}) {
            assertCloseCode(new ClientFrames().raw(0x81 | rsv).buffer(), 1002);
        }
    }

    @Test
    void reservedOpcodesAre1002() {
        for (int opcode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            assertCloseCode(new ClientFrames().raw(0x80 | opcode).buffer(), 1002);
        }
    }

    @Test
    void fragmentedControlFramesAre1002() {
        assertCloseCode(new ClientFrames().raw(0x09).buffer(), 1002);
        assertCloseCode(new ClientFrames().raw(0x08).buffer(), 1002);
    }

    @Test
    void controlFramesOver125BytesAre1002FromTheLengthByte() {
        assertCloseCode(new ClientFrames().raw(0x89, 0x80 | 126).buffer(), 1002);
        assertCloseCode(new ClientFrames().raw(0x88, 0x80 | 127).buffer(), 1002);
    }

    @Test
    void aSixtyFourBitLengthWithTheTopBitSetIs1002() {
        assertCloseCode(
                new ClientFrames().raw(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0).buffer(), 1002);
    }

    @Test
    void anOversizedFrameIs1009FromTheHeaderAlone() {
        // 2^62 bytes claimed, no mask and no payload sent: rejected without waiting or allocating.
        assertCloseCode(
                new ClientFrames().raw(0x82, 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0).buffer(), 1009);
        FrameDecoder small = new FrameDecoder(200);
        ByteBuffer header = new ClientFrames().raw(0x82, 0x80 | 126, 0, 201).buffer();
        assertThatThrownBy(() -> small.decode(header))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(1009));
        assertThat(small.decode(new ClientFrames().frame(0x82, new byte[200]).buffer())
                        .payload())
                .hasSize(200);
    }

    @Test
    void aTighterDataBudgetAppliesToDataFramesOnly() {
        assertThatThrownBy(() -> decoder.decode(
                        new ClientFrames().frame(0x82, new byte[11]).buffer(), 10))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(1009));
        assertThat(new FrameDecoder()
                        .decode(new ClientFrames().frame(0x89, new byte[100]).buffer(), 10))
                .isNotNull();
    }

    private void assertCloseCode(ByteBuffer in, int code) {
        assertThatThrownBy(() -> new FrameDecoder().decode(in))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
