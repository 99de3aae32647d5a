package dev.weft.net;

/**
 * A WebSocket connection as a {@code websocket://} or {@code wss://} listener's typed handlers see it:
 * it sends text and binary messages (compressed when permessage-deflate was negotiated). Never
 * blocks: the frames go to the socket or to the send buffer.
 */
public interface WebSocketConnection extends ConnectionBase {
    /**
     * Sends a text message.
     *
     * @param text the message
     * @return false if the connection is closing or closed, or the send buffer was full
     */
    boolean send(String text);

    /**
     * Sends a binary message.
     *
     * @param data the message; not copied when it goes to the socket at once, so do not change it
     * @return false if the connection is closing or closed, or the send buffer was full
     */
    boolean send(byte[] data);
}
