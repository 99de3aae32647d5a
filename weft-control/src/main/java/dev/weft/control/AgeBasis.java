package dev.weft.control;

/** Which age an age-based command or policy compares with its limit. */
public enum AgeBasis {
    /** The age of the operation the coroutine waits in now (the default: a coroutine that is busy is not stuck). */
    SUSPENSION,
    /** The age of the coroutine itself, from {@code Co.go}. */
    COROUTINE
}
