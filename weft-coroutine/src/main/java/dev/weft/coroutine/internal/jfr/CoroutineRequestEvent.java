package dev.weft.coroutine.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A cancel or kill request. The JFR thread and stack trace say who asked (a control command's
 * thread, the monitor's {@code weft-monitor} coroutine, user code); {@code requester} is the asking
 * coroutine's id and {@code pid} this process's id, as the "by whom" asks. Internal: not part
 * of Weft's API.
 */
@Name("dev.weft.CoroutineRequest")
@Label("Coroutine Cancel/Kill Request")
@Category("Weft")
@Description("Co.cancel or Co.kill was called")
@StackTrace(true)
public final class CoroutineRequestEvent extends jdk.jfr.Event {
    /** Registered with JFR only once a recorder exists, so a process that never records pays nothing. */
    private static final class Type {
        static final EventType TYPE = EventType.getEventType(CoroutineRequestEvent.class);
    }

    private static boolean recording() {
        return FlightRecorder.isInitialized() && Type.TYPE.isEnabled();
    }

    private static final long PID = ProcessHandle.current().pid();

    /** {@code cancel} or {@code kill}. */
    @Label("Request")
    public String request;

    /** The target coroutine's id. */
    @Label("Target Id")
    public long target;

    /** The target's name. */
    @Label("Target Name")
    public String targetName;

    /** The requesting coroutine's id, -1 for a plain thread. */
    @Label("Requester Id")
    public long requester;

    /** The requesting thread's name (the monitor's coroutine, a control-plane thread, ...). */
    @Label("Requester Thread")
    public String requesterThread;

    /** This process's id. */
    @Label("Process Id")
    public long pid;

    /** The result: {@code NONE} or the error code. */
    @Label("Result")
    public String result;

    /** Records a request if a recording wants it. Internal: not part of Weft's API. */
    public static void emit(String request, long target, String targetName, long requester, String result) {
        if (!recording()) {
            return;
        }
        CoroutineRequestEvent e = new CoroutineRequestEvent();
        e.request = request;
        e.target = target;
        e.targetName = targetName;
        e.requester = requester;
        e.requesterThread = Thread.currentThread().getName();
        e.pid = PID;
        e.result = result;
        e.commit();
    }
}
