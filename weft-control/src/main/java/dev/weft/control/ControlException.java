package dev.weft.control;

/** The control channel itself failed (Redis unreachable), as opposed to a command's error reply. */
public final class ControlException extends RuntimeException {
    /** A failure with a message for the operator. */
    public ControlException(String message) {
        super(message);
    }
}
