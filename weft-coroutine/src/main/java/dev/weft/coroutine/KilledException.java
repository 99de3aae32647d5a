package dev.weft.coroutine;

/**
 * Raised inside a coroutine at its next resume after {@link Co#kill(long)} or {@link Coroutine#kill()}.
 * A coroutine that lets it propagate ends quietly: the runtime does not log it as a failure.
 */
public class KilledException extends RuntimeException {
    /** Creates the exception with the default message. */
    public KilledException() {
        super("coroutine killed");
    }

    /** Creates the exception with a message that says who killed the coroutine and why. */
    public KilledException(String message) {
        super(message);
    }
}
