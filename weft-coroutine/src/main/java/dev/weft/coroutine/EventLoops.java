package dev.weft.coroutine;

import dev.weft.coroutine.internal.loop.EventLoop;
import dev.weft.coroutine.internal.loop.LoopGroup;
import dev.weft.coroutine.internal.loop.VirtualThreadHooks;
import java.time.Duration;

/**
 * How this process schedules its coroutines, and how its event loops fare.
 *
 * <h2>Modes</h2>
 * In {@link Mode#EVENT_LOOPS} mode (the default) coroutines are virtual threads scheduled by Weft's
 * own event loops: each loop is one platform thread with its own selector, run queue and timer
 * queue, so socket readiness, timeouts and sleeps wake coroutines without a cross-thread hand-off.
 * A coroutine started on a loop stays there with its children; one started from elsewhere goes to
 * the next loop. In {@link Mode#DEFAULT_SCHEDULER} mode they are virtual threads on the JDK's
 * default scheduler, woken by platform poller threads.
 *
 * <h2>JVM options</h2>
 * <ul>
 *   <li>{@code --add-opens java.base/java.lang=ALL-UNNAMED}: required for event loops. Without it
 *       Weft logs one warning and runs in {@link Mode#DEFAULT_SCHEDULER} mode.
 *   <li>{@code -Dweft.loop=false}: forces {@link Mode#DEFAULT_SCHEDULER} mode, without the warning.
 *   <li>{@code -Dweft.loops=N}: loops per process (default 1).
 *   <li>{@code -Dweft.loop.stallMillis=100}: a loop that has not returned to its selector for longer
 *       counts a stall and logs one warning with the stack of the coroutine hogging it (0: off).
 * </ul>
 *
 * <h2>Rules on a loop</h2>
 * A loop has one carrier and no preemption: a coroutine that computes for long, or blocks in a JDK
 * call that pins its carrier (a wait in a class initializer, a native call), holds up every other
 * coroutine on the loop. Move CPU-heavy work to {@link Co#offload}; use Weft's operations (which
 * put blocking file and DNS calls on a pool) rather than blocking JDK file calls. JDK blocking calls
 * that unmount a virtual thread ({@code Thread.sleep}, {@code java.net.Socket}, locks, monitors,
 * {@code CompletableFuture.join}) keep working.
 */
public final class EventLoops {
    /** The scheduler mode of the process. */
    public enum Mode {
        /** Coroutines run on Weft's event loops. */
        EVENT_LOOPS,
        /** Coroutines run on the JDK's default virtual-thread scheduler (the fallback). */
        DEFAULT_SCHEDULER
    }

    /** The JVM option that event loops need ({@code --add-opens=java.base/java.lang=ALL-UNNAMED}). */
    public static final String ADD_OPENS = VirtualThreadHooks.ADD_OPENS;

    private EventLoops() {}

    /** The mode of this process; decided on first use and fixed for the life of the process. */
    public static Mode mode() {
        return LoopGroup.enabled() ? Mode.EVENT_LOOPS : Mode.DEFAULT_SCHEDULER;
    }

    /** Why the process runs in {@link Mode#DEFAULT_SCHEDULER} mode, or null in {@link Mode#EVENT_LOOPS} mode. */
    public static String fallbackReason() {
        return LoopGroup.fallbackReason();
    }

    /** The number of event loops (0 in {@link Mode#DEFAULT_SCHEDULER} mode). */
    public static int count() {
        return LoopGroup.count();
    }

    /**
     * Stalls counted so far in this process: episodes in which a loop did not return to its selector
     * for longer than {@link #stallThreshold()} (exported as {@code weft_loop_stalls_total}).
     */
    public static long stalls() {
        return LoopGroup.stalls();
    }

    /** The stall threshold ({@link Duration#ZERO} when detection is off). */
    public static Duration stallThreshold() {
        return Duration.ofMillis(LoopGroup.stallThresholdMillis());
    }

    /** Whether the calling thread runs on one of the event loops. */
    public static boolean onLoop() {
        return EventLoop.current() != null;
    }

    /**
     * A new, unstarted virtual thread that is not a managed coroutine, placed as {@link Co#go} places
     * coroutines: on the caller's loop, else the next loop (the JDK's scheduler in the fallback). For
     * runtime plumbing that must run where the coroutines run, so a hogged loop shows.
     */
    public static Thread newVirtualThread(Runnable task) {
        return LoopGroup.newThread(false, task);
    }
}
