package dev.weft.server;

/**
 * One subscriber of a {@link Topic}: its queue, its coroutine and its counters. {@link #close()}
 * unsubscribes.
 */
public interface Subscription extends AutoCloseable {
    /** The topic's name. */
    String topic();

    /** Messages handed to the handler so far. */
    long received();

    /** Messages dropped because this subscription's queue was full (the handler did not keep up). */
    long dropped();

    /** Whether the subscription still receives messages. */
    boolean isOpen();

    /**
     * Unsubscribes: no message is handed to the handler after this returns, except the one it may be handling
     * now (this does not wait for it, so a handler may close its own subscription); queued messages are
     * discarded. The last subscription of a topic in a process tells the master to stop sending it. Closing
     * twice does nothing.
     */
    @Override
    void close();
}
