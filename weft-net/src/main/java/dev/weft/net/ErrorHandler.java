package dev.weft.net;

/** The onError callback: a send that failed, a protocol error, a callback that threw. */
@FunctionalInterface
public interface ErrorHandler {
    /** Send buffer full: the message was dropped. */
    int SEND_FAIL = 2;
    /** The peer broke the protocol (malformed frame, HTTP, oversized package). */
    int PROTOCOL_ERROR = 3;
    /** A callback threw. */
    int CALLBACK_FAILED = 4;

    /** Handles the error; must not throw. */
    void onError(Connection connection, int code, String message);
}
