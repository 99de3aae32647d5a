package dev.weft.net;

/** The lifecycle of a {@link Connection}. */
public enum ConnectionStatus {
    /** Open: messages flow both ways. */
    ESTABLISHED,
    /** {@code close()} was called: queued bytes are being written, nothing more is read. */
    CLOSING,
    /** The socket is closed. */
    CLOSED
}
