package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;

/**
 * Lets another coroutine interrupt the read loop's wait for input (to close, or to retire) without
 * touching a wait of the user's callback, which runs in the same coroutine.
 *
 * <p>The read loop brackets each socket read with {@link #enter()} and {@link #exit()}, which bump
 * a sequence number: odd while a read is in progress. While it is odd, the only wait the reader
 * can be in is the read's own, so {@link #interrupt()} cancels the reader's current suspension if
 * the sequence did not move between reading it and taking the suspension. A suspension that ended
 * meanwhile is no longer its coroutine's current one, and {@link Suspension#cancel()} then does
 * nothing. No event name is matched.
 */
final class ReadInterrupt {
    private volatile Coroutine reader;
    private volatile long seq;

    /** Called by the read loop's coroutine when it starts. */
    void bind(Coroutine coroutine) {
        reader = coroutine;
    }

    Coroutine reader() {
        return reader;
    }

    /** Before a socket read; only the reader calls it. */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void enter() {
        seq++;
    }

    /** After a socket read; only the reader calls it. */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void exit() {
        seq++;
    }

    /**
     * Ends the reader's wait for input as timed out (the connection's {@link dev.weft.coroutine.Deadline}
     * passed), if it is in one; callable from the timer's thread.
     *
     * @return true if the wait ended, or if the reader is not in a read (the read loop then re-checks
     *         the deadline itself); false if the read has begun but not yet parked: try again
     */
    boolean expire() {
        Coroutine r = reader;
        long before = seq;
        if (r == null || (before & 1) == 0) {
            return true;
        }
        Suspension s = r.suspension();
        return s != null && seq == before && s.expire();
    }

    /** Cancels the reader's wait for input, if it is in one, so it re-checks its state. */
    void interrupt() {
        Coroutine r = reader;
        if (r == null || r == Co.current()) {
            return;
        }
        long before = seq;
        if ((before & 1) == 0) {
            return;
        }
        Suspension s = r.suspension();
        if (s != null && seq == before) {
            s.cancel();
        }
    }
}
