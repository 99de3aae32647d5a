package dev.weft.net.protocol;

/**
 * Thrown by a codec when the peer sent bytes that break the protocol. The connection that
 * receives it should answer (where the protocol has a way to) and close: the byte stream can no
 * longer be trusted to be in sync.
 *
 * <p>{@link #code()} carries the protocol's own error code where it has one: the WebSocket close
 * code (RFC 6455 section 7.4) or the HTTP status to answer with. It is {@code 0} for protocols
 * without codes.
 */
public class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * Creates an exception without a protocol-specific code.
     *
     * @param message what was wrong with the input, for logs
     */
    public ProtocolException(String message) {
        this(0, message);
    }

    /**
     * Creates an exception with a protocol-specific code.
     *
     * @param code the close code or status to answer with
     * @param message what was wrong with the input, for logs
     */
    public ProtocolException(int code, String message) {
        // No stack trace: these are expected for hostile input and cheap to throw matters.
        super(message, null, false, false);
        this.code = code;
    }

    /**
     * Returns the protocol-specific code: a WebSocket close code, an HTTP status, or {@code 0}.
     *
     * @return the code to answer the peer with
     */
    public int code() {
        return code;
    }
}
