package dev.weft.coroutine.internal.loop;

import java.nio.channels.SelectionKey;

/**
 * What a selector loop calls for a selected key: the attachment of every key registered with a
 * Weft selector (an {@link EventLoop}'s or a platform poller's) implements it.
 */
public interface ReadyListener {
    /** The key was selected with {@code readyOps}; runs on the selecting thread and must not block. */
    void ready(SelectionKey key, int readyOps);

    /** The key was cancelled under the loop (its channel closed): wake whoever waits on it. */
    void cancelled();
}
