package dev.weft.coroutine.internal.poll;

import dev.weft.coroutine.internal.loop.EventLoop;
import dev.weft.coroutine.internal.loop.LoopGroup;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Weft's readiness poller: the selectors that wake coroutines waiting for socket (or any
 * selectable channel) readiness. In event-loop mode ({@link LoopGroup}) those are the event loops'
 * own selectors: a channel joins the loop of the first coroutine that waits on it, and its
 * readiness is dispatched on that loop. In the fallback mode they are a few selector platform
 * threads. An operation first tries its non-blocking NIO call; only
 * if that would block does it register interest and await a {@link dev.weft.coroutine.Suspension},
 * which the selector loop wakes when the channel is ready. A cancelled or timed-out wait withdraws
 * its interest and leaves the channel open.
 *
 * <p>The number of selector threads is {@code -Dweft.io.pollers} (default: one per four cores, at
 * least one). Channels are spread over them round-robin. {@code -Dweft.io.virtualPoller=true} runs
 * the selector loops in virtual threads instead (experimental: in BENCHMARKS.md [2/6] it raised
 * multi-connection echo throughput but worsened single-connection latency; it stalls a process whose
 * scheduler has a single carrier, as Weft's worker processes have by default).
 *
 * <p>Internal: not part of Weft's API (tests and benchmarks read {@link #registrations()}).
 */
public final class Poller {
    static final LongAdder REGISTRATIONS = new LongAdder();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Object ATTACH_LOCK = new Object();

    private Poller() {}

    /** Holds the loops; created on first use so a process without I/O starts no thread. */
    private static final class Loops {
        static final PollLoop[] LOOPS = create();

        private static PollLoop[] create() {
            int n = Integer.getInteger(
                    "weft.io.pollers", Math.max(1, Runtime.getRuntime().availableProcessors() / 4));
            PollLoop[] loops = new PollLoop[Math.max(1, n)];
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new PollLoop(i);
            }
            return loops;
        }
    }

    /**
     * How many operations are waiting for readiness right now (each a registered interest). Zero
     * when nothing waits: a cancelled or timed-out wait removes its registration. Internal: not part of Weft's API.
     */
    public static long registrations() {
        return REGISTRATIONS.sum();
    }

    /** The number of selector threads (event loops or platform pollers). Internal: not part of Weft's API. */
    public static int loops() {
        return LoopGroup.enabled() ? LoopGroup.count() : Loops.LOOPS.length;
    }

    /** A new poll key for a channel owned by a Weft socket (which keeps it for its lifetime). Internal: not part of Weft's API. */
    public static PollKey newKey(SelectableChannel channel) {
        if (LoopGroup.enabled()) {
            return new PollKey(channel, null);
        }
        PollLoop[] loops = Loops.LOOPS;
        return new PollKey(channel, loops[Math.floorMod(NEXT.getAndIncrement(), loops.length)]);
    }

    /**
     * The poll key of a foreign channel ({@code CoEvents}): found through the channel's registration
     * with its loop's selector (the loop is chosen by identity hash), so no map is kept. Internal: not part of Weft's API.
     */
    public static PollKey keyOf(SelectableChannel channel) throws IOException {
        if (LoopGroup.enabled()) {
            return keyOnLoops(channel);
        }
        PollLoop[] loops = Loops.LOOPS;
        PollLoop loop = loops[Math.floorMod(System.identityHashCode(channel), loops.length)];
        synchronized (ATTACH_LOCK) {
            SelectionKey k = channel.keyFor(loop.selector);
            if (k != null && k.attachment() instanceof PollKey pk) {
                return pk;
            }
            PollKey pk = new PollKey(channel, loop);
            pk.register();
            return pk;
        }
    }

    /** {@link #keyOf} in event-loop mode: the channel's key on whichever loop it joined, else a new one on the caller's loop. */
    private static PollKey keyOnLoops(SelectableChannel channel) throws IOException {
        synchronized (ATTACH_LOCK) {
            for (EventLoop l : LoopGroup.loops()) {
                SelectionKey k = channel.keyFor(l.selector());
                if (k != null && k.attachment() instanceof PollKey pk) {
                    return pk;
                }
            }
            PollKey pk = new PollKey(channel, LoopGroup.placement());
            pk.register();
            return pk;
        }
    }
}
