package dev.weft.net.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextProtocolTest {
    private final TextProtocol protocol = new TextProtocol(16);

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void inputReportsTheLengthOfTheFirstLineIncludingTheNewline() {
        ByteBuffer buffer = bytes("hello\nworld\n");
        assertThat(protocol.input(buffer)).isEqualTo(6);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.limit()).isEqualTo(12);
    }

    @Test
    void inputNeedsMoreBytesUntilTheNewlineArrives() {
        assertThat(protocol.input(bytes("hello"))).isZero();
        assertThat(protocol.input(bytes(""))).isZero();
    }

    @Test
    void decodeStripsTheNewlineAndOnePrecedingCarriageReturn() {
        assertThat(protocol.decode(bytes("hi\r\n"))).isEqualTo("hi");
        assertThat(protocol.decode(bytes("hi\n"))).isEqualTo("hi");
        assertThat(protocol.decode(bytes("hi\r\r\n"))).isEqualTo("hi\r");
        assertThat(protocol.decode(bytes("\n"))).isEmpty();
    }

    @Test
    void decodesUtf8() {
        assertThat(protocol.decode(bytes("żółw €\n"))).isEqualTo("żółw €");
    }

    @Test
    void encodeAppendsANewline() {
        ByteBuffer out = protocol.encode("żółw");
        assertThat(StandardCharsets.UTF_8.decode(out).toString()).isEqualTo("żółw\n");
    }

    @Test
    void nextTakesLinesOffTheBufferOneAtATime() {
        ByteBuffer buffer = bytes("a\r\nbb\nccc");
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = protocol.next(buffer)) != null) {
            lines.add(line);
        }
        assertThat(lines).containsExactly("a", "bb");
        assertThat(buffer.remaining()).isEqualTo(3);
    }

    @Test
    void aLineThatReachesTheMaximumWithoutANewlineIsRejected() {
        assertThat(protocol.input(bytes("x".repeat(15)))).isZero();
        assertThatThrownBy(() -> protocol.input(bytes("x".repeat(16))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("maximum package size of 16");
    }

    @Test
    void aLineOfExactlyTheMaximumIncludingTheNewlineIsAccepted() {
        assertThat(protocol.input(bytes("x".repeat(15) + "\n"))).isEqualTo(16);
    }

    @Test
    void aNewlineBeyondTheMaximumDoesNotSaveAnOverlongLine() {
        assertThatThrownBy(() -> protocol.input(bytes("x".repeat(16) + "\n"))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void inputHonoursTheBufferPosition() {
        ByteBuffer buffer = bytes("skip\nab\n");
        buffer.position(5);
        assertThat(protocol.input(buffer)).isEqualTo(3);
    }

    @Test
    void rejectsANonPositiveMaximum() {
        assertThatThrownBy(() -> new TextProtocol(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
