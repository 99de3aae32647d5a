package dev.weft.coroutine.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A Weft operation that waited at least the threshold (default 20 ms; {@code threshold} in the
 * recording's settings), with its event name, outcome and (as the event's duration) how long it
 * waited. Timed from the operation's start only while a recording wants it; committed when the
 * operation ends, on the waiting coroutine's thread. Internal: not part of Weft's API.
 */
@Name("dev.weft.Suspension")
@Label("Coroutine Suspension")
@Category("Weft")
@Description("A coroutine waited in a Weft operation")
@Threshold("20 ms")
@StackTrace(true)
public final class SuspensionEvent extends jdk.jfr.Event {
    /** Registered with JFR only once a recorder exists, so a process that never records pays nothing. */
    private static final class Type {
        static final EventType TYPE = EventType.getEventType(SuspensionEvent.class);
    }

    private static boolean recording() {
        return FlightRecorder.isInitialized() && Type.TYPE.isEnabled();
    }

    /** The waiting coroutine's id, -1 for a plain thread. */
    @Label("Coroutine Id")
    public long coroutineId;

    /** What was waited on ({@code sleep}, {@code socket.read host:port}, {@code mutex.lock name}). */
    @Label("Event")
    public String event;

    /** {@code WOKEN}, {@code CANCELLED}, {@code KILLED}, {@code TIMEDOUT} or {@code CLOSED}. */
    @Label("Outcome")
    public String outcome;

    /** Whether it was an idle wait (a kept-alive client). */
    @Label("Idle")
    public boolean idle;

    /**
     * Starts timing a suspension if a recording wants these events, else returns null without
     * allocating. Call on the waiting thread. Internal: not part of Weft's API.
     */
    public static SuspensionEvent beginIfEnabled() {
        if (!recording()) {
            return null;
        }
        SuspensionEvent e = new SuspensionEvent();
        e.begin();
        return e;
    }

    /** Ends the suspension's event and commits it if it passed the threshold. Internal: not part of Weft's API. */
    public void finish(long coroutineId, String event, String outcome, boolean idle) {
        end();
        if (shouldCommit()) {
            this.coroutineId = coroutineId;
            this.event = event;
            this.outcome = outcome;
            this.idle = idle;
            commit();
        }
    }
}
