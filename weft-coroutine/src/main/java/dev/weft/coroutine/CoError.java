package dev.weft.coroutine;

/**
 * Why the most recent Weft operation of a coroutine (or plain thread) failed; read it with
 * {@link Co#lastError()}. The names follow Swoole's {@code SWOOLE_ERROR_*} codes.
 */
public enum CoError {
    /** The operation succeeded. */
    NONE,
    /** The coroutine id is unknown or the coroutine has finished. */
    CO_NOT_EXISTS,
    /** The target is running, is the caller itself, or waits in an uncancellable operation or region. */
    CO_CANNOT_CANCEL,
    /** The operation was cancelled ({@link Co#cancel(long)}, or a {@link Co#withTimeout} deadline); also: a kill is already pending. */
    CO_CANCELED,
    /** The operation's own timeout expired. */
    CO_TIMEDOUT,
    /** The channel is closed (and, for pop, drained). */
    CHANNEL_CLOSED,
    /** The arguments make no sense for this operation (for example an empty join list). */
    INVALID_PARAMS,
    /** The operation is not allowed in this state (joining yourself, resuming a coroutine that did not suspend). */
    WRONG_OPERATION,
    /** An I/O operation failed; the exception it raised says why. */
    IO_ERROR
}
