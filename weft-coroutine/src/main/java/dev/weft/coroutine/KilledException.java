package dev.weft.coroutine;

/**
 * Raised inside a coroutine at its next resume after {@link Co#kill(long)} or {@link Coroutine#kill()}.
 * A coroutine that lets it propagate ends quietly: the runtime does not log it as a failure.
 *
 * <p>It carries no stack trace: it is created by the killer, whose stack says nothing about the
 * killed coroutine, and filling it in made killing a million coroutines take seconds.
 */
public class KilledException extends RuntimeException {
    /** Creates the exception with the default message. */
    public KilledException() {
        this("coroutine killed");
    }

    /** Creates the exception with a message that says who killed the coroutine and why. */
    public KilledException(String message) {
        super(message, null, true, false);
    }
}
