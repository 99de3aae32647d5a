package dev.weft.net.internal.websocket;

/** WebSocket frame opcodes (RFC 6455 section 5.2). */
public enum Opcode {
    /** A later fragment of a fragmented message. */
    CONTINUATION(0x0),
    /** The first (or only) frame of a UTF-8 text message. */
    TEXT(0x1),
    /** The first (or only) frame of a binary message. */
    BINARY(0x2),
    /** Starts or answers the closing handshake. */
    CLOSE(0x8),
    /** Asks the peer for a pong with the same payload. */
    PING(0x9),
    /** Answers a ping, or an unsolicited heartbeat. */
    PONG(0xA);

    private static final Opcode[] BY_CODE = new Opcode[16];

    static {
        for (Opcode opcode : values()) {
            BY_CODE[opcode.code] = opcode;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /**
     * Returns the 4-bit code on the wire.
     *
     * @return the opcode value
     */
    public int code() {
        return code;
    }

    /**
     * Tells whether this is a control opcode (close, ping, pong), which may not be fragmented and
     * carries at most 125 payload bytes.
     *
     * @return true for control frames
     */
    public boolean isControl() {
        return code >= 0x8;
    }

    /**
     * Returns the opcode for a 4-bit code.
     *
     * @param code the value from the frame header
     * @return the opcode, or {@code null} for a reserved code
     */
    public static Opcode of(int code) {
        return code >= 0 && code < 16 ? BY_CODE[code] : null;
    }
}
