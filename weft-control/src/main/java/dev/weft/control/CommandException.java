package dev.weft.control;

/**
 * Bad input to a command (a missing or malformed argument). {@link CommandRegistry} turns it into
 * an error reply; it never leaves the registry.
 */
public final class CommandException extends RuntimeException {
    /** A failure whose message is shown to the operator as is. */
    public CommandException(String message) {
        super(message, null, false, false);
    }
}
