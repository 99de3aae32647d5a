package dev.weft.coroutine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO channel between coroutines (or threads), Swoole's {@code Channel}: {@code push}
 * blocks while the buffer is full, {@code pop} while it is empty; capacity 0 is a rendezvous
 * (a push completes when a pop takes the item). {@code null} items are not allowed.
 *
 * <p>Failures return {@code false} / {@code null} and leave the reason in {@link Co#lastError()}:
 * {@link CoError#CO_TIMEDOUT}, {@link CoError#CO_CANCELED} or {@link CoError#CHANNEL_CLOSED}. A
 * blocked push or pop is a cancellable suspension ({@code channel.push} / {@code channel.pop}).
 *
 * <p>Items are handed directly to a waiting consumer; whoever decides a waiter's suspension first
 * (the other side, a canceller, its timeout, {@link #close()}) decides the result, so an item is
 * never both delivered and reported as failed.
 *
 * @param <T> the item type
 */
public final class Channel<T> {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<T> buffer;
    private final ArrayDeque<Waiter<T>> consumers = new ArrayDeque<>();
    private final ArrayDeque<Waiter<T>> producers = new ArrayDeque<>();
    private boolean closed;

    /** A blocked push or pop: its suspension, and the item handed over. */
    private static final class Waiter<T> {
        final Suspension suspension;
        T item;

        Waiter(Suspension suspension, T item) {
            this.suspension = suspension;
            this.item = item;
        }
    }

    /**
     * Creates a channel holding up to {@code capacity} items; 0 makes a rendezvous channel.
     *
     * @throws IllegalArgumentException if capacity is negative
     */
    public Channel(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity < 0: " + capacity);
        }
        this.capacity = capacity;
        this.buffer = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /**
     * Pushes {@code item}, waiting up to {@code timeout} for room (or, at capacity 0, for a consumer).
     *
     * @return true when the item is in the channel (or taken); false on timeout, cancel or close
     * @throws KilledException when killed while waiting
     */
    public boolean push(T item, Duration timeout) {
        if (item == null) {
            throw new NullPointerException("item");
        }
        Context ctx = Context.current();
        ctx.enter();
        Waiter<T> w;
        Suspension woken;
        lock.lock();
        try {
            if (closed) {
                ctx.result(CoError.CHANNEL_CLOSED);
                return false;
            }
            if ((woken = handToConsumer(item)) != null || offerToBuffer(item)) {
                w = null;
            } else if (timeout != null && timeout.isZero()) {
                ctx.result(CoError.CO_TIMEDOUT);
                return false;
            } else {
                w = new Waiter<>(Suspension.begin(ctx, "channel.push", true, false), item);
                producers.addLast(w);
            }
        } finally {
            lock.unlock();
        }
        if (w == null) {
            if (woken != null) {
                woken.unparkWaiter();
            }
            return true;
        }
        return awaitHandoff(w, producers, timeout) == Suspension.Outcome.WOKEN;
    }

    /** Pushes, waiting as long as needed; see {@link #push(Object, Duration)}. */
    public boolean push(T item) {
        return push(item, null);
    }

    /**
     * Pops the oldest item, waiting up to {@code timeout} for one. After {@link #close()}, buffered
     * items are still returned; then pop fails with {@link CoError#CHANNEL_CLOSED}.
     *
     * @return the item, or null on timeout, cancel or closed-and-drained
     * @throws KilledException when killed while waiting
     */
    public T pop(Duration timeout) {
        Context ctx = Context.current();
        ctx.enter();
        Waiter<T> w;
        T item;
        Suspension woken = null;
        lock.lock();
        try {
            // The next item from the buffer, which a waiting producer refills, or from the producer.
            item = buffer.pollFirst();
            Waiter<T> p;
            while ((p = producers.pollFirst()) != null) {
                if (p.suspension.decide(Suspension.Outcome.WOKEN)) {
                    woken = p.suspension;
                    if (item == null) {
                        item = p.item;
                    } else {
                        buffer.addLast(p.item);
                    }
                    break;
                }
            }
            if (item != null) {
                w = null;
            } else if (closed) {
                ctx.result(CoError.CHANNEL_CLOSED);
                return null;
            } else if (timeout != null && timeout.isZero()) {
                ctx.result(CoError.CO_TIMEDOUT);
                return null;
            } else {
                w = new Waiter<>(Suspension.begin(ctx, "channel.pop", true, false), null);
                consumers.addLast(w);
            }
        } finally {
            lock.unlock();
        }
        if (w == null) {
            if (woken != null) {
                woken.unparkWaiter();
            }
            return item;
        }
        return awaitHandoff(w, consumers, timeout) == Suspension.Outcome.WOKEN ? w.item : null;
    }

    /** Pops, waiting as long as needed; see {@link #pop(Duration)}. */
    public T pop() {
        return pop(null);
    }

    private Suspension.Outcome awaitHandoff(Waiter<T> w, ArrayDeque<Waiter<T>> queue, Duration timeout) {
        Suspension s = w.suspension;
        try {
            if (s.await(Suspension.deadline(timeout)) != Suspension.Outcome.WOKEN) {
                lock.lock();
                try {
                    queue.remove(w);
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            s.end();
        }
        return s.outcome();
    }

    /**
     * Under the lock: gives the item to the first consumer still waiting and returns its suspension,
     * decided but not unparked yet (the caller unparks it after unlocking); null if none waits.
     */
    private Suspension handToConsumer(T item) {
        Waiter<T> c;
        while ((c = consumers.pollFirst()) != null) {
            c.item = item;
            if (c.suspension.decide(Suspension.Outcome.WOKEN)) {
                return c.suspension;
            }
            c.item = null;
        }
        return null;
    }

    private boolean offerToBuffer(T item) {
        if (buffer.size() < capacity) {
            buffer.addLast(item);
            return true;
        }
        return false;
    }

    /**
     * Closes the channel: waiting and future pushes fail, waiting pops fail, future pops drain the
     * buffer and then fail, all with {@link CoError#CHANNEL_CLOSED}.
     *
     * @return false if it was already closed
     */
    public boolean close() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            failAll(consumers);
            failAll(producers);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static <T> void failAll(ArrayDeque<Waiter<T>> queue) {
        for (Iterator<Waiter<T>> it = queue.iterator(); it.hasNext(); ) {
            it.next().suspension.complete(Suspension.Outcome.CLOSED);
            it.remove();
        }
    }

    /** Items in the buffer. */
    public int length() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /** The capacity given to the constructor. */
    public int capacity() {
        return capacity;
    }

    /** Whether the buffer holds no item. */
    public boolean isEmpty() {
        return length() == 0;
    }

    /** Whether the buffer is at capacity (always true at capacity 0). */
    public boolean isFull() {
        return length() >= capacity;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waiting consumers and producers, and queued items. */
    public ChannelStats stats() {
        lock.lock();
        try {
            return new ChannelStats(consumers.size(), producers.size(), buffer.size());
        } finally {
            lock.unlock();
        }
    }
}
