package dev.weft.net;

/**
 * A {@code frame://}, {@code tcp://} or {@code udp://} peer as its typed handlers see it: it sends
 * bytes, one length-prefixed frame each on {@code frame://}, as they are on {@code tcp://}, one
 * datagram each on {@code udp://}. Never blocks: the bytes go to the socket or to the send buffer.
 */
public interface BinaryConnection extends ConnectionBase {
    /**
     * Sends bytes.
     *
     * @param data the message
     * @return false if the connection is closing or closed, or the send buffer was full
     */
    boolean send(byte[] data);
}
