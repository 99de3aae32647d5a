package dev.weft.coroutine.internal.loop;

import java.nio.channels.Selector;

/**
 * A thread that runs a {@link Selector} and dispatches its keys to their {@link ReadyListener}s:
 * an {@link EventLoop}, or a platform poller thread in the fallback mode.
 */
public interface SelectorLoop {
    /** The selector channels register with. */
    Selector selector();

    /**
     * Called after an interest change: wakes the selector if it is blocked in {@code select}, so
     * the change takes effect now. Free when called from the loop's own thread.
     */
    void interestChanged();
}
