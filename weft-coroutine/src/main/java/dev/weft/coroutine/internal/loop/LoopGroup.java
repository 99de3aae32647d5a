package dev.weft.coroutine.internal.loop;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process's event loops and the choice between the two scheduler modes.
 *
 * <ul>
 *   <li><b>Event loops</b> (the default): coroutines are virtual threads scheduled by
 *       {@code -Dweft.loops=N} {@link EventLoop}s (default 1, one carrier per worker process like
 *       one Workerman process per core). A coroutine started on a loop stays on it, and so do its
 *       children; one started elsewhere goes to the next loop, round robin.
 *   <li><b>Default scheduler</b> (the fallback): virtual threads on the JDK's scheduler and
 *       readiness from platform poller threads. Chosen by {@code -Dweft.loop=false}, or, with one
 *       warning, when the JVM lacks {@code --add-opens java.base/java.lang=ALL-UNNAMED} or the JDK
 *       no longer has the hook ({@link VirtualThreadHooks}).
 * </ul>
 *
 * The loops start on first use. Before that, the JDK's own socket poller is initialised from a
 * platform thread: on Linux its sub-pollers are virtual threads that would otherwise inherit the
 * loop of whichever coroutine first blocks in a JDK socket, and stall every JDK socket whenever
 * that loop is busy. {@code -Dweft.loop.stallMillis} (default 100, 0 disables) sets the stall
 * threshold.
 */
public final class LoopGroup {
    /** The property that forces the fallback when {@code false}. */
    public static final String MODE_PROPERTY = "weft.loop";
    /** The property with the number of loops per process. */
    public static final String COUNT_PROPERTY = "weft.loops";
    /** The property with the stall threshold in milliseconds. */
    public static final String STALL_PROPERTY = "weft.loop.stallMillis";

    private static final System.Logger LOG = System.getLogger("dev.weft.coroutine.loop");
    private static final ThreadFactory DEFAULT_USER = Thread.ofVirtual().factory();
    private static final ThreadFactory DEFAULT_SYSTEM =
            Thread.ofVirtual().name("weft-system-", 0).factory();

    private LoopGroup() {}

    /** The mode, decided once (and warned about once) on first use. */
    private static final class Mode {
        static final String FALLBACK_REASON = decide();
        static final boolean LOOPS = FALLBACK_REASON == null;

        private static String decide() {
            if ("false".equalsIgnoreCase(System.getProperty(MODE_PROPERTY, "true"))) {
                return "-D" + MODE_PROPERTY + "=false";
            }
            if (!VirtualThreadHooks.available()) {
                String reason = VirtualThreadHooks.unavailableReason();
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Weft runs coroutines on the JDK's default scheduler with platform pollers, not on its"
                                + " event loops: the virtual-thread scheduler hook is unavailable (" + reason
                                + "). Start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED, or set -D"
                                + MODE_PROPERTY + "=false to choose this mode without this warning.");
                return reason;
            }
            return null;
        }
    }

    /** The loops, started on first use. */
    private static final class Loops {
        static final StallWatch STALLS = new StallWatch(stallThresholdMillis(), Duration.ofSeconds(5));
        static final EventLoop[] LOOPS = start();
        static final AtomicInteger NEXT = new AtomicInteger();

        private static EventLoop[] start() {
            JdkPoller.initFromPlatformThread();
            int n = Math.max(1, Integer.getInteger(COUNT_PROPERTY, 1));
            EventLoop[] loops = new EventLoop[n];
            for (int i = 0; i < n; i++) {
                loops[i] = new EventLoop(i, STALLS);
                STALLS.watch(loops[i]);
            }
            return loops;
        }
    }

    /** Whether coroutines run on event loops (true) or on the JDK's default scheduler (false). */
    public static boolean enabled() {
        return Mode.LOOPS;
    }

    /** Why the fallback runs, or null in loop mode. */
    public static String fallbackReason() {
        return Mode.FALLBACK_REASON;
    }

    /** The number of loops: as configured in loop mode (they start on first use), 0 in the fallback. */
    public static int count() {
        return Mode.LOOPS ? loops().length : 0;
    }

    /** The loops; starts them on the first call. Loop mode only. */
    public static EventLoop[] loops() {
        return Loops.LOOPS;
    }

    /** Stalls counted in this process (0 in the fallback, or before the loops start). */
    public static long stalls() {
        return Mode.LOOPS ? Loops.STALLS.count() : 0;
    }

    /** The stall threshold in milliseconds (0: detection off). */
    public static long stallThresholdMillis() {
        long ms = Long.getLong(STALL_PROPERTY, 100);
        return Math.max(0, ms);
    }

    /**
     * Where a new coroutine goes: the caller's loop, else the next loop round robin; null in the
     * fallback.
     */
    public static EventLoop placement() {
        if (!Mode.LOOPS) {
            return null;
        }
        EventLoop l = EventLoop.current();
        if (l != null) {
            return l;
        }
        EventLoop[] loops = Loops.LOOPS;
        return loops[Math.floorMod(Loops.NEXT.getAndIncrement(), loops.length)];
    }

    /** A new, unstarted virtual thread for a coroutine, placed by {@link #placement()}. */
    public static Thread newThread(boolean system, Runnable task) {
        EventLoop l = placement();
        if (l != null) {
            return l.newThread(system, task);
        }
        return (system ? DEFAULT_SYSTEM : DEFAULT_USER).newThread(task);
    }
}
