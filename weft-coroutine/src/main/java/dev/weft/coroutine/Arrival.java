package dev.weft.coroutine;

/**
 * What a finishing coroutine notifies: the one {@link Co#join} group or {@link CoScope} attached to
 * it ({@link Coroutine#attachJoiner}). Called exactly once, on the finishing coroutine's thread,
 * however the coroutine ended — even killed before its first instruction.
 */
interface Arrival {
    /** The attached coroutine has finished; true if this was the last one awaited. */
    boolean arrive();
}
