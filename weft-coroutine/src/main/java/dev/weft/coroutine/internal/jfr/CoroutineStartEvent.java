package dev.weft.coroutine.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A coroutine started ({@code Co.go}); the event's thread is the starter. Internal: not part of Weft's API. */
@Name("dev.weft.CoroutineStart")
@Label("Coroutine Start")
@Category("Weft")
@Description("A managed coroutine was started")
@StackTrace(false)
public final class CoroutineStartEvent extends jdk.jfr.Event {
    /** Registered with JFR only once a recorder exists, so a process that never records pays nothing. */
    private static final class Type {
        static final EventType TYPE = EventType.getEventType(CoroutineStartEvent.class);
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

    /** The parent coroutine's id, -1 for none. */
    @Label("Parent Id")
    public long parentId;

    /** Whether Weft runs it for itself. */
    @Label("System")
    public boolean system;

    /** Records a start if a recording wants it. Internal: not part of Weft's API. */
    public static void emit(long id, String name, long parentId, boolean system) {
        if (!recording()) {
            return;
        }
        CoroutineStartEvent e = new CoroutineStartEvent();
        e.id = id;
        e.name = name;
        e.parentId = parentId;
        e.system = system;
        e.commit();
    }
}
