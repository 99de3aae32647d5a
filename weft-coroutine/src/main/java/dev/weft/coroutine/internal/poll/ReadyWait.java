package dev.weft.coroutine.internal.poll;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.Attempt;
import java.io.IOException;

/**
 * The slow path shared by every poller-based operation: one {@link Suspension} for the whole
 * operation, retrying the non-blocking call after each readiness wake-up until it makes progress.
 *
 * <p>Internal: not part of Weft's API.
 */
public final class ReadyWait {
    private ReadyWait() {}

    /**
     * Waits for readiness and retries {@code attempt} until it returns non-null. Internal: not part of Weft's API.
     *
     * @return the attempt's result, or null on cancel/timeout ({@link Co#lastError()} says which)
     * @throws IOException with {@link CoError#IO_ERROR} recorded, when the call fails
     * @throws dev.weft.coroutine.KilledException when killed while waiting
     */
    public static <T> T await(PollKey pk, int ops, String event, long deadline, Attempt<T> attempt) throws IOException {
        return await(pk, ops, event, false, deadline, attempt);
    }

    /**
     * Like {@link #await(PollKey, int, String, long, Attempt)}, as an idle wait when {@code idle}
     * ({@link Suspension#beginIdle}). Internal: not part of Weft's API.
     */
    public static <T> T await(PollKey pk, int ops, String event, boolean idle, long deadline, Attempt<T> attempt)
            throws IOException {
        Suspension s = idle ? Suspension.beginIdle(event) : Suspension.begin(event);
        boolean failed = true;
        try {
            for (; ; ) {
                if (pk.await(ops, s, deadline) != Suspension.Outcome.WOKEN) {
                    failed = false;
                    return null;
                }
                T r = attempt.attempt();
                if (r != null) {
                    failed = false;
                    return r;
                }
                s.rearm();
            }
        } finally {
            s.end();
            if (failed) {
                Co.setLastError(CoError.IO_ERROR);
            }
        }
    }

    /**
     * Records {@link CoError#IO_ERROR} and returns {@code e}, for {@code throw ReadyWait.failed(e)}. Internal: not part of Weft's API.
     */
    public static IOException failed(IOException e) {
        Co.setLastError(CoError.IO_ERROR);
        return e;
    }

    /** The event suffix for an address: {@code host:port} without a leading slash. Internal: not part of Weft's API. */
    public static String format(java.net.SocketAddress a) {
        if (a instanceof java.net.InetSocketAddress i) {
            return i.getHostString() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
