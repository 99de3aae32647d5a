package dev.weft.net.internal.websocket;

import dev.weft.net.websocket.CloseCodes;
import java.nio.ByteBuffer;

/** What a {@link WebSocketSession} delivers: a whole message, or a control frame. */
public sealed interface WebSocketEvent {

    /**
     * A complete text message, validated as UTF-8.
     *
     * @param text the message
     */
    record Text(String text) implements WebSocketEvent {}

    /**
     * A complete binary message.
     *
     * @param data the message; do not modify
     */
    record Binary(byte[] data) implements WebSocketEvent {}

    /**
     * A ping; the connection must answer with {@link #reply()}.
     *
     * @param payload the ping's payload, at most 125 bytes
     */
    record Ping(byte[] payload) implements WebSocketEvent {
        /**
         * Returns the pong that answers this ping: same payload.
         *
         * @return the pong frame bytes
         */
        public ByteBuffer reply() {
            return FrameEncoder.pong(payload);
        }
    }

    /**
     * A pong, answering a ping or sent unsolicited as a heartbeat.
     *
     * @param payload the pong's payload
     */
    record Pong(byte[] payload) implements WebSocketEvent {}

    /**
     * The client started (or answered) the closing handshake. Unless the server sent its own close
     * first, the connection writes {@link #reply()} and then closes the TCP connection.
     *
     * @param code the close code; {@link CloseCodes#NO_STATUS} if the frame had none
     * @param reason the UTF-8 reason, possibly empty
     */
    record Close(int code, String reason) implements WebSocketEvent {
        /**
         * Returns the close frame that completes the handshake: it echoes the code.
         *
         * @return the close frame bytes
         */
        public ByteBuffer reply() {
            return code == CloseCodes.NO_STATUS ? FrameEncoder.emptyClose() : FrameEncoder.close(code, "");
        }
    }
}
