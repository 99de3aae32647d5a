package dev.weft.coroutine.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A coroutine ended: returned, failed or killed. Internal: not part of Weft's API. */
@Name("dev.weft.CoroutineEnd")
@Label("Coroutine End")
@Category("Weft")
@Description("A managed coroutine finished")
@StackTrace(false)
public final class CoroutineEndEvent extends jdk.jfr.Event {
    /** Registered with JFR only once a recorder exists, so a process that never records pays nothing. */
    private static final class Type {
        static final EventType TYPE = EventType.getEventType(CoroutineEndEvent.class);
    }

    private static boolean recording() {
        return FlightRecorder.isInitialized() && Type.TYPE.isEnabled();
    }

    /** The coroutine's id. */
    @Label("Coroutine Id")
    public long id;

    /** The coroutine's name. */
    @Label("Name")
    public String name;

    /** {@code returned}, {@code failed} or {@code killed}. */
    @Label("Outcome")
    public String outcome;

    /** How long it lived. */
    @Label("Lifetime")
    @Timespan(Timespan.NANOSECONDS)
    public long lifetime;

    /** Records an end if a recording wants it. Internal: not part of Weft's API. */
    public static void emit(long id, String name, String outcome, long lifetimeNanos) {
        if (!recording()) {
            return;
        }
        CoroutineEndEvent e = new CoroutineEndEvent();
        e.id = id;
        e.name = name;
        e.outcome = outcome;
        e.lifetime = lifetimeNanos;
        e.commit();
    }
}
