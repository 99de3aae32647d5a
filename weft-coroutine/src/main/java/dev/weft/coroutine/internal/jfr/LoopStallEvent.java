package dev.weft.coroutine.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * An event loop did not return to its selector for longer than the stall threshold: one event per
 * stall episode, every one of them (the log warning is rate-limited, this is not). Internal: not part
 * of Weft's API.
 */
@Name("dev.weft.LoopStall")
@Label("Event Loop Stall")
@Category("Weft")
@Description("An event loop was hogged: every coroutine on it waited")
@StackTrace(false)
public final class LoopStallEvent extends jdk.jfr.Event {
    /** Registered with JFR only once a recorder exists, so a process that never records pays nothing. */
    private static final class Type {
        static final EventType TYPE = EventType.getEventType(LoopStallEvent.class);
    }

    /** The loop's thread name, e.g. {@code weft-loop-0}. */
    @Label("Loop")
    public String loop;

    /** How long the loop had been away from its selector when the stall was seen. */
    @Label("Stalled For")
    @Timespan(Timespan.NANOSECONDS)
    public long stalledFor;

    /** The hog: its thread and stack when the watchdog caught it, or null if the stall was over. */
    @Label("Hog")
    public String hog;

    /** Records a stall if a recording wants it. Internal: not part of Weft's API. */
    public static void emit(String loop, long stalledNanos, String hog) {
        if (!FlightRecorder.isInitialized() || !Type.TYPE.isEnabled()) {
            return;
        }
        LoopStallEvent e = new LoopStallEvent();
        e.loop = loop;
        e.stalledFor = stalledNanos;
        e.hog = hog;
        e.commit();
    }
}
