package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import java.util.function.BooleanSupplier;

/**
 * Workerman's {@code pauseRecv}/{@code resumeRecv} for one connection: the flag the read loop and
 * the drivers check between messages, and the wait of a paused read loop. The wait is listed as
 * {@code waitFor:connection.resume#<id>}, cancellable and killable like every Weft wait.
 */
final class RecvPause {
    private final String event;
    private volatile boolean paused;

    RecvPause(long connectionId) {
        this.event = "connection.resume#" + connectionId;
    }

    boolean paused() {
        return paused;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        Co.wakeup(event);
    }

    /** Wakes a waiting read loop to re-check (the connection is closing). */
    void wake() {
        Co.wakeup(event);
    }

    /**
     * Waits until resumed or {@code stop} holds; true if resumed. A cancel returns early and the
     * read loop calls again.
     */
    boolean await(BooleanSupplier stop) {
        Co.waitFor(event, () -> !paused || stop.getAsBoolean(), null);
        return !paused;
    }
}
