package dev.weft.coroutine;

/**
 * A snapshot of the coroutine registry, as returned by {@link Co#stats()}.
 *
 * @param live coroutines started and not yet finished
 * @param peak the largest {@code live} value seen since the process started
 * @param lastId the id given to the most recently started coroutine (0 if none)
 * @param suspended live coroutines currently blocked in a Weft operation
 * @param started coroutines started since the process started
 * @param cancelled operations ended by a successful {@link Co#cancel(long)}
 * @param killed kills delivered ({@link KilledException} raised)
 */
public record CoStats(long live, long peak, long lastId, long suspended, long started, long cancelled, long killed) {}
