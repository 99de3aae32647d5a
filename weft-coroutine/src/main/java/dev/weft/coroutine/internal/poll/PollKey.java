package dev.weft.coroutine.internal.poll;

import dev.weft.coroutine.Suspension;
import dev.weft.coroutine.internal.loop.LoopGroup;
import dev.weft.coroutine.internal.loop.ReadyListener;
import dev.weft.coroutine.internal.loop.SelectorLoop;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * The poller's state for one channel: its {@link SelectionKey} (registered once, on the first wait,
 * and kept while the channel is open so later waits only toggle interest ops) and at most one
 * waiting reader (read/accept) and one waiting writer (write/connect).
 *
 * <p>Internal: not part of Weft's API.
 */
public final class PollKey implements ReadyListener {
    static final int IN = 0;
    static final int OUT = 1;
    private static final VarHandle READER;
    private static final VarHandle WRITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READER = l.findVarHandle(PollKey.class, "reader", Suspension.class);
            WRITER = l.findVarHandle(PollKey.class, "writer", Suspension.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SelectableChannel channel;
    /**
     * The loop whose selector watches the channel. Null until the first wait in event-loop mode: the
     * channel then joins the waiter's own loop, so its readiness wakes the waiter with a local push.
     */
    private volatile SelectorLoop loop;

    private volatile SelectionKey key;
    private volatile Suspension reader;
    private volatile Suspension writer;
    /** Ready ops of the last selection, for {@code CoEvents.waitEvent}. */
    private volatile int lastReady;

    PollKey(SelectableChannel channel, SelectorLoop loop) {
        this.channel = channel;
        this.loop = loop;
    }

    /** The ready ops of the last selection of this channel, 0 before the first. Internal: not part of Weft's API. */
    public int lastReady() {
        return lastReady;
    }

    /**
     * Waits until the channel is ready for {@code ops}: registers {@code s} as the waiter of the
     * given side(s), enables the interest and awaits. Cancel or timeout removes the interest again;
     * the channel is never closed here.
     *
     * @param ops interest ops; read/accept ops use the reader slot, write/connect the writer slot
     * @return the outcome of {@link Suspension#await(long)}
     * @throws IllegalStateException if another coroutine already waits on the same side
     * @throws IOException           if the channel is closed
     */
    Suspension.Outcome await(int ops, Suspension s, long deadline) throws IOException {
        boolean in = (ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0;
        boolean out = (ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0;
        claim(in, out, s);
        Poller.REGISTRATIONS.increment();
        try {
            SelectionKey k = key();
            try {
                // Interest usually stays set between waits (see ready()), so in steady state this
                // changes nothing: no update queued, no selector wakeup, no epoll_ctl.
                int old = k.interestOpsOr(ops);
                if ((old & ops) != ops) {
                    loop.interestChanged();
                }
            } catch (CancelledKeyException e) {
                // Closed meanwhile: let the caller retry its operation and meet ClosedChannelException.
                s.wake();
                return Suspension.Outcome.WOKEN;
            }
            Suspension.Outcome o = s.await(deadline);
            // A connected socket keeps reporting the write-readiness behind OP_CONNECT, which the
            // selector would never clear: drop it as soon as the connect wait ends.
            int drop = o == Suspension.Outcome.WOKEN ? ops & SelectionKey.OP_CONNECT : ops;
            if (drop != 0) {
                try {
                    k.interestOpsAnd(~drop);
                } catch (CancelledKeyException ignored) {
                    // closed: nothing to withdraw
                }
            }
            return o;
        } finally {
            if (in) {
                READER.compareAndSet(this, s, null);
            }
            if (out) {
                WRITER.compareAndSet(this, s, null);
            }
            Poller.REGISTRATIONS.decrement();
        }
    }

    private void claim(boolean in, boolean out, Suspension s) {
        if (in && !READER.compareAndSet(this, null, s)) {
            throw new IllegalStateException("another coroutine is already reading from " + channel);
        }
        if (out && !WRITER.compareAndSet(this, null, s)) {
            if (in) {
                READER.compareAndSet(this, s, null);
            }
            throw new IllegalStateException("another coroutine is already writing to " + channel);
        }
    }

    private SelectionKey key() throws IOException {
        SelectionKey k = key;
        return k != null ? k : register();
    }

    /**
     * Registers with no interest: {@code SelectableChannel.register} on an already registered
     * channel would overwrite the interest set, so the reader and writer must not race here.
     */
    synchronized SelectionKey register() throws IOException {
        SelectionKey k = key;
        if (k == null) {
            SelectorLoop l = loop;
            if (l == null) {
                l = LoopGroup.placement();
                loop = l;
            }
            k = channel.register(l.selector(), 0, this);
            key = k;
        }
        return k;
    }

    /**
     * Called by the loop with the ready ops of a selection. The interest of a side whose waiter this
     * selection wakes stays set, so its next wait needs no selector round trip. The interest of a
     * side nobody waits on, or whose waiter was already woken and has not run yet, is cleared: the
     * selector is level-triggered and would otherwise report the same unread bytes again and again,
     * spinning the loop (on a small machine, on the very core the woken coroutine needs). It is set
     * again if a waiter arrived meanwhile: its interestOpsOr may have been a no-op just before our
     * interestOpsAnd.
     */
    @Override
    public void ready(SelectionKey k, int ops) {
        lastReady = ops;
        int unwanted = 0;
        int in = ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        if (in != 0) {
            Suspension r = reader;
            if (r == null || !r.wake()) {
                unwanted |= in;
            }
        }
        int out = ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
        if (out != 0) {
            Suspension w = writer;
            if (w == null || !w.wake()) {
                unwanted |= out;
            }
        }
        if (unwanted != 0) {
            k.interestOpsAnd(~unwanted);
            int back = (pending(reader) ? in : 0) | (pending(writer) ? out : 0);
            if ((back & unwanted) != 0) {
                k.interestOpsOr(back & unwanted);
            }
        }
    }

    private static boolean pending(Suspension s) {
        return s != null && s.outcome() == Suspension.Outcome.PENDING;
    }

    /**
     * Closes the channel and wakes its waiters, which then meet the closed channel: every Weft socket's
     * close. Internal: not part of Weft's API.
     */
    public void closeChannel() throws IOException {
        try {
            channel.close();
        } finally {
            wakeAll();
        }
    }

    /**
     * Wakes both waiters so they retry and observe the closed channel. Called on close, since a
     * closed channel's key is cancelled and never selected again.
     */
    @Override
    public void cancelled() {
        wakeAll();
    }

    void wakeAll() {
        Suspension r = reader;
        if (r != null) {
            r.wake();
        }
        Suspension w = writer;
        if (w != null) {
            w.wake();
        }
        // The selector deregisters cancelled keys, and only then releases the file descriptor.
        SelectorLoop l = loop;
        if (l != null) {
            l.interestChanged();
        }
    }
}
