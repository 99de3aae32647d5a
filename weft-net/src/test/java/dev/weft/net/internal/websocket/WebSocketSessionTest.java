package dev.weft.net.internal.websocket;

import static dev.weft.net.internal.websocket.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.CloseCodes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketSessionTest {
    private final WebSocketSession session = new WebSocketSession();

    private List<WebSocketEvent> events(ClientFrames frames) {
        return drain(session, frames.buffer());
    }

    private static List<WebSocketEvent> drain(WebSocketSession session, ByteBuffer in) {
        List<WebSocketEvent> events = new ArrayList<>();
        WebSocketEvent event;
        while ((event = session.next(in)) != null) {
            events.add(event);
        }
        return events;
    }

    private void assertCloseCode(ClientFrames frames, int code) {
        assertThatThrownBy(() -> events(frames))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void deliversSingleFrameMessages() {
        List<WebSocketEvent> events = events(new ClientFrames().text("héllo").frame(0x82, new byte[] {1, 2}));
        assertThat(events.get(0)).isEqualTo(new WebSocketEvent.Text("héllo"));
        assertThat(((WebSocketEvent.Binary) events.get(1)).data()).containsExactly(1, 2);
    }

    @Test
    void joinsFragmentsIntoOneMessage() {
        List<WebSocketEvent> events = events(new ClientFrames()
                .fragment(Opcode.TEXT, false, utf8("Hel"))
                .fragment(Opcode.CONTINUATION, false, utf8(""))
                .fragment(Opcode.CONTINUATION, true, utf8("lo")));
        assertThat(events).containsExactly(new WebSocketEvent.Text("Hello"));
    }

    @Test
    void controlFramesMayArriveBetweenFragments() {
        List<WebSocketEvent> events = events(new ClientFrames()
                .fragment(Opcode.BINARY, false, new byte[] {1})
                .frame(0x89, utf8("ping!"))
                .frame(0x8A, new byte[0])
                .fragment(Opcode.CONTINUATION, true, new byte[] {2}));
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOf(WebSocketEvent.Ping.class);
        assertThat(events.get(1)).isInstanceOf(WebSocketEvent.Pong.class);
        assertThat(((WebSocketEvent.Binary) events.get(2)).data()).containsExactly(1, 2);
    }

    @Test
    void aPingIsAnsweredWithAPongOfTheSamePayload() {
        WebSocketEvent.Ping ping = (WebSocketEvent.Ping)
                events(new ClientFrames().frame(0x89, utf8("abc"))).getFirst();
        ByteBuffer pong = ping.reply();
        assertThat(pong.get(0) & 0xFF).isEqualTo(0x8A);
        assertThat(pong.get(1)).isEqualTo((byte) 3);
        assertThat(Arrays.copyOfRange(pong.array(), 2, 5)).isEqualTo(utf8("abc"));
    }

    @Test
    void aContinuationWithoutAMessageIs1002() {
        assertCloseCode(new ClientFrames().fragment(Opcode.CONTINUATION, true, utf8("x")), 1002);
    }

    @Test
    void aNewDataFrameWhileFragmentedIs1002() {
        assertCloseCode(
                new ClientFrames().fragment(Opcode.TEXT, false, utf8("a")).fragment(Opcode.TEXT, true, utf8("b")),
                1002);
        assertCloseCode(
                new ClientFrames().fragment(Opcode.BINARY, false, new byte[1]).fragment(Opcode.TEXT, false, utf8("b")),
                1002);
    }

    @Test
    void invalidUtf8TextIs1007() {
        assertCloseCode(new ClientFrames().frame(0x81, new byte[] {(byte) 0xC0, (byte) 0x80}), 1007);
        assertCloseCode(new ClientFrames().frame(0x81, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), 1007);
        assertCloseCode(
                new ClientFrames().frame(0x81, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}), 1007);
        assertCloseCode(new ClientFrames().frame(0x81, new byte[] {(byte) 0xFF}), 1007);
    }

    @Test
    void aCodePointSplitAcrossFragmentsIsValid() {
        byte[] snowman = utf8("☃"); // E2 98 83
        List<WebSocketEvent> events = events(new ClientFrames()
                .fragment(Opcode.TEXT, false, new byte[] {'a', snowman[0]})
                .fragment(Opcode.CONTINUATION, false, new byte[] {snowman[1]})
                .fragment(Opcode.CONTINUATION, true, new byte[] {snowman[2], 'b'}));
        assertThat(events).containsExactly(new WebSocketEvent.Text("a☃b"));
    }

    @Test
    void invalidUtf8IsRejectedOnTheFragmentThatBreaksIt() {
        ByteBuffer in = new ClientFrames()
                .fragment(Opcode.TEXT, false, utf8("fine"))
                .fragment(Opcode.CONTINUATION, false, new byte[] {(byte) 0xCE, 'x'})
                .buffer();
        assertThatThrownBy(() -> drain(session, in))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(1007));
    }

    @Test
    void aMessageEndingInsideACodePointIs1007() {
        assertCloseCode(
                new ClientFrames()
                        .fragment(Opcode.TEXT, false, utf8("ok"))
                        .fragment(Opcode.CONTINUATION, true, new byte[] {(byte) 0xE2, (byte) 0x98}),
                1007);
        assertCloseCode(new ClientFrames().frame(0x81, new byte[] {(byte) 0xF0, (byte) 0x9F}), 1007);
    }

    @Test
    void binaryMessagesAreNotCheckedAsUtf8() {
        assertThat(events(new ClientFrames().frame(0x82, new byte[] {(byte) 0xFF})))
                .hasSize(1);
    }

    @Test
    void aMessageOverTheLimitIs1009BeforeItsLastFrameArrives() {
        WebSocketSession small = new WebSocketSession(1024, 10);
        ByteBuffer in = new ClientFrames()
                .fragment(Opcode.BINARY, false, new byte[6])
                .raw(0x80, 0x80 | 5) // a continuation header claiming 5 bytes: 11 in total
                .buffer();
        assertThatThrownBy(() -> drain(small, in))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(1009));
    }

    @Test
    void aMessageExactlyAtTheLimitIsDelivered() {
        WebSocketSession small = new WebSocketSession(1024, 10);
        ByteBuffer in = new ClientFrames()
                .fragment(Opcode.BINARY, false, new byte[6])
                .fragment(Opcode.CONTINUATION, true, new byte[4])
                .fragment(Opcode.BINARY, true, new byte[10])
                .buffer();
        assertThat(drain(small, in)).hasSize(2);
    }

    @Test
    void aCloseFrameIsEchoedWithItsCode() {
        WebSocketEvent.Close close = (WebSocketEvent.Close)
                events(new ClientFrames().close(1001, utf8("bye ☃"))).getFirst();
        assertThat(close.code()).isEqualTo(1001);
        assertThat(close.reason()).isEqualTo("bye ☃");
        ByteBuffer reply = close.reply();
        assertThat(reply.remaining()).isEqualTo(4);
        assertThat(reply.getShort(2)).isEqualTo((short) 1001);
        assertThat(session.closeReceived()).isTrue();
    }

    @Test
    void nothingIsReadAfterTheClose() {
        ByteBuffer in = new ClientFrames().close(1000, new byte[0]).text("late").buffer();
        assertThat(drain(session, in)).hasSize(1);
        assertThat(in.hasRemaining()).isTrue();
        assertThat(session.next(in)).isNull();
    }

    @Test
    void anEmptyCloseMeansNoStatusAndIsAnsweredEmpty() {
        WebSocketEvent.Close close = (WebSocketEvent.Close)
                events(new ClientFrames().frame(0x88, new byte[0])).getFirst();
        assertThat(close.code()).isEqualTo(CloseCodes.NO_STATUS);
        assertThat(close.reply().remaining()).isEqualTo(2);
    }

    @Test
    void aOneByteClosePayloadIs1002() {
        assertCloseCode(new ClientFrames().frame(0x88, new byte[] {3}), 1002);
    }

    @Test
    void reservedAndUnassignedCloseCodesAre1002() {
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
            WebSocketSession fresh = new WebSocketSession();
            ByteBuffer in = new ClientFrames().close(code, new byte[0]).buffer();
            assertThatThrownBy(() -> fresh.next(in))
                    .as("code %d", code)
                    .isInstanceOfSatisfying(
                            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(1002));
        }
    }

    @Test
    void definedAndPrivateCloseCodesAreAccepted() {
        for (int code : new int[] {
            1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999
        }) {
            WebSocketSession fresh = new WebSocketSession();
            assertThat(((WebSocketEvent.Close) fresh.next(
                                    new ClientFrames().close(code, new byte[0]).buffer()))
                            .code())
                    .isEqualTo(code);
        }
    }

    @Test
    void anInvalidUtf8CloseReasonIs1007() {
        assertCloseCode(new ClientFrames().close(1000, new byte[] {(byte) 0xC3}), 1007);
    }

    @Test
    void theCloseFrameForAnErrorCarriesItsCode() {
        ByteBuffer frame = WebSocketSession.closeFrameFor(new ProtocolException(1007, "x".repeat(300)));
        assertThat(frame.getShort(2)).isEqualTo((short) 1007);
        assertThat(frame.remaining()).isEqualTo(2 + 125);
        ByteBuffer fallback = WebSocketSession.closeFrameFor(new ProtocolException("no code"));
        assertThat(fallback.getShort(2)).isEqualTo((short) 1002);
    }
}
