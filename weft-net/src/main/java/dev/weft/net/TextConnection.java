package dev.weft.net;

/**
 * A {@code text://} connection as its typed handlers see it: it sends lines (the protocol appends the
 * {@code \n}). Never blocks: the bytes go to the socket or to the send buffer.
 */
public interface TextConnection extends ConnectionBase {
    /**
     * Sends one line.
     *
     * @param line the line, without its terminating {@code \n}
     * @return false if the connection is closing or closed, or the send buffer was full
     */
    boolean send(String line);
}
