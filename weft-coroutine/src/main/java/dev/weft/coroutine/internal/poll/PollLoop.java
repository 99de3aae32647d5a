package dev.weft.coroutine.internal.poll;

import dev.weft.coroutine.internal.loop.ReadyListener;
import dev.weft.coroutine.internal.loop.SelectorLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One selector and the platform thread that runs it. Waiters change interest ops directly on their
 * {@link SelectionKey} (thread-safe since JDK 11; the selector applies queued changes at its next
 * select) and wake the selector only when it is blocked in {@code select}, so a busy loop costs no
 * wakeup at all.
 */
final class PollLoop implements Runnable, SelectorLoop {
    private static final System.Logger LOG = System.getLogger("dev.weft.coroutine.internal.poll");

    final Selector selector;
    /**
     * True while the loop is in (or about to enter) {@code select}. A waiter enqueues its interest
     * change first and reads this flag after; the loop writes it first and drains the queue after,
     * so one of them always sees the other (the change is never left unapplied in a blocked select).
     */
    private volatile boolean selecting;

    PollLoop(int index) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        (Boolean.getBoolean("weft.io.virtualPoller")
                        ? Thread.ofVirtual()
                        : Thread.ofPlatform().daemon())
                .name("weft-poller-" + index)
                .start(this);
    }

    @Override
    public Selector selector() {
        return selector;
    }

    /** Makes a just-enqueued interest change take effect now if the loop is blocked in select. */
    @Override
    public void interestChanged() {
        if (selecting) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        for (; ; ) {
            try {
                selecting = true;
                try {
                    selector.select(PollLoop::dispatch);
                } finally {
                    selecting = false;
                }
            } catch (Throwable t) {
                // The loop must survive anything: every waiter of every channel depends on it.
                LOG.log(System.Logger.Level.ERROR, "poller loop failure", t);
            }
        }
    }

    private static void dispatch(SelectionKey key) {
        ReadyListener l = (ReadyListener) key.attachment();
        try {
            l.ready(key, key.readyOps());
        } catch (CancelledKeyException e) {
            l.cancelled();
        }
    }
}
