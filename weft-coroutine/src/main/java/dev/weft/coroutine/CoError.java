package dev.weft.coroutine;

/**
 * Why the most recent Weft operation of a coroutine (or plain thread) failed; read it with
 * {@link Co#lastError()}. The names follow Swoole's {@code SWOOLE_ERROR_*} codes; each constant
 * says which Swoole constant it stands for.
 */
public enum CoError {
    /** The operation succeeded. Swoole: {@code 0} (no error). */
    NONE,
    /** The coroutine id is unknown or the coroutine has finished. Swoole: {@code SWOOLE_ERROR_CO_NOT_EXISTS}. */
    CO_NOT_EXISTS,
    /**
     * The target is running, is the caller itself, or waits in an uncancellable operation or region.
     * Swoole: {@code SWOOLE_ERROR_CO_CANNOT_CANCEL}.
     */
    CO_CANNOT_CANCEL,
    /**
     * The operation was cancelled ({@link Co#cancel(long)}, or a {@link Co#withTimeout} deadline).
     * Swoole: {@code SWOOLE_ERROR_CO_CANCELED} (a channel's {@code SWOOLE_CHANNEL_CANCELED}).
     */
    CO_CANCELED,
    /**
     * An operation that runs on a blocking pool (a file read or write, a name lookup) was cancelled;
     * {@link Co#isCanceled()} is true as for {@link #CO_CANCELED}. Swoole: {@code SWOOLE_ERROR_AIO_CANCELED}.
     */
    AIO_CANCELED,
    /**
     * {@link Co#kill(long)} found a kill already pending for the target: the first kill stands and
     * this one is not counted. Swoole has no kill; this code is Weft's own (no Swoole constant).
     */
    CO_KILL_PENDING,
    /**
     * The operation's own timeout expired. Swoole: {@code SWOOLE_ERROR_CO_TIMEDOUT} (a channel's
     * {@code SWOOLE_CHANNEL_TIMEOUT}, a socket's {@code ETIMEDOUT}).
     */
    CO_TIMEDOUT,
    /** The channel is closed (and, for pop, drained). Swoole: {@code SWOOLE_CHANNEL_CLOSED}. */
    CHANNEL_CLOSED,
    /**
     * The arguments make no sense for this operation (for example an empty join list). Swoole:
     * {@code SWOOLE_ERROR_INVALID_PARAMS}.
     */
    INVALID_PARAMS,
    /**
     * The operation is not allowed in this state (joining yourself, resuming a coroutine that did not
     * suspend, borrowing from a closed pool). Swoole: {@code SWOOLE_ERROR_WRONG_OPERATION}.
     */
    WRONG_OPERATION,
    /**
     * An I/O operation failed; the exception it raised says why. Swoole: the {@code errno} of the
     * failed system call in the socket's {@code errCode} (no {@code SWOOLE_ERROR_*} constant).
     */
    IO_ERROR
}
