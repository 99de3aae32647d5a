package dev.weft.server.internal.topic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.coroutine.Channel;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.KilledException;
import dev.weft.server.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A subscription in this process: a bounded {@link Channel} of messages and one system coroutine (named
 * {@code topic <name>}) that hands them to the handler in order. {@link #offer} never blocks: a full queue
 * drops the message, so the thread that reads the master's link is never held up by a slow handler.
 */
final class LocalSubscription<T> implements Subscription {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.topic");
    static final ObjectMapper JSON = new ObjectMapper();

    private final Topics topics;
    private final String topic;
    private final Channel<Message> queue;
    private final Function<Message, T> decode;
    private final Consumer<? super T> handler;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final DropLog dropLog = new DropLog();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean open = true;

    LocalSubscription(Topics topics, String topic, Class<T> type, int capacity, Consumer<? super T> handler) {
        if (capacity < 1) throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        this.topics = topics;
        this.topic = topic;
        this.queue = new Channel<>(capacity);
        this.decode = decoder(type);
        this.handler = java.util.Objects.requireNonNull(handler, "handler");
    }

    /** How a message becomes a {@code T}. */
    @SuppressWarnings("unchecked")
    private static <T> Function<Message, T> decoder(Class<T> type) {
        java.util.Objects.requireNonNull(type, "type");
        if (type == String.class) return m -> (T) m.text();
        if (type == byte[].class) return m -> (T) m.bytes().clone();
        return m -> {
            try {
                return JSON.readValue(m.bytes(), type);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "not JSON of " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON of " + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        };
    }

    void start() {
        Co.goSystem("topic " + topic, this::run);
    }

    /** Queues a message without waiting; a full queue drops it. */
    void offer(Message m) {
        if (!open) return;
        if (!queue.push(m, Duration.ZERO) && open) {
            long n = dropped.incrementAndGet();
            dropLog.dropped("topic " + topic + ": a subscriber's queue is full, its handler does not keep up", n);
        }
    }

    private void run() {
        try {
            loop();
        } catch (KilledException e) {
            LOG.log(System.Logger.Level.WARNING, "topic " + topic + ": subscriber coroutine killed, unsubscribed");
            close();
        }
    }

    private void loop() {
        while (open) {
            Message m = queue.pop();
            if (m == null) {
                if (queue.isClosed()) break;
                continue; // a co cancel of this coroutine's wait: nothing to do but wait again
            }
            if (!open) break;
            T value;
            try {
                value = decode.apply(m);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "topic " + topic + ": message skipped, " + e.getMessage());
                continue;
            }
            try {
                handler.accept(value);
            } catch (KilledException e) {
                throw e;
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "topic " + topic + ": subscriber failed", t);
            }
            received.incrementAndGet();
        }
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public long received() {
        return received.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        open = false;
        queue.close();
        topics.remove(this);
    }

    @Override
    public String toString() {
        return "Subscription[" + topic + (open ? "" : ", closed") + "]";
    }
}
