package dev.weft.net.websocket;

/** WebSocket close status codes (RFC 6455 section 7.4) and which of them may be sent. */
public final class CloseCodes {
    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** The endpoint is going away (server shutdown, page navigation). */
    public static final int GOING_AWAY = 1001;
    /** The peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** The endpoint cannot accept this kind of data. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Reserved: a close frame without a code. Never sent. */
    public static final int NO_STATUS = 1005;
    /** Reserved: the connection dropped without a close frame. Never sent. */
    public static final int ABNORMAL = 1006;
    /** A text message was not valid UTF-8, or data did not match its type. */
    public static final int INVALID_PAYLOAD = 1007;
    /** The message violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** The message or frame is too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The client expected an extension the server did not negotiate. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** The server hit an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {}

    /**
     * Tells whether a code may appear in a close frame: 1000-1003 and 1007-1014 (defined or
     * registered by IANA), and 3000-4999 (libraries and applications). 1004-1006 and 1015 are
     * reserved and never sent; anything else is unassigned.
     *
     * @param code the close code
     * @return true if a close frame may carry it
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
