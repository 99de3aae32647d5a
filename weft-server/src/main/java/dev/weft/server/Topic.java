package dev.weft.server;

import java.util.function.Consumer;

/**
 * A named publish/subscribe topic shared by every process of the application: what one worker process
 * publishes reaches the subscribers in every worker process (of every Worker), through the master on this
 * machine and, when the master is started with {@code --topics-redis URL} (or {@code WEFT_TOPICS_REDIS}),
 * through Redis to the processes of the same app on other machines. Workerman calls this its Channel
 * component; in Weft a {@code Channel} is the coroutine queue, so this is a topic. Get one with
 * {@link Weft#topic}.
 *
 * <pre>{@code
 * Worker chat = new Worker("websocket://0.0.0.0:8081").name("chat").count(4);
 * Topic room = Weft.topic("chat");
 * chat.onWorkerStart(w -> room.subscribe(text -> chat.connections().forEach(c -> c.send(text))));
 * chat.onMessage((Connection c, String text) -> room.publish(text));
 * }</pre>
 *
 * <h2>Payloads</h2>
 * A message is a text ({@link #publish(String)}), bytes ({@link #publish(byte[])}) or an object sent as its
 * JSON text ({@link #publishJson}, Jackson). A subscriber names the type it wants: {@code String} (a byte
 * message is decoded as UTF-8), {@code byte[]} (a text is encoded as UTF-8), or any other class, read from
 * the message's JSON with Jackson (a message that does not decode is logged and skipped). At most
 * {@link #MAX_PAYLOAD} bytes per message.
 *
 * <h2>Delivery</h2>
 * <ul>
 *   <li><b>Everyone subscribed, the publisher's own process included</b>, gets each message once; a process
 *       without subscribers to a topic is not sent its messages.</li>
 *   <li><b>At most once.</b> Nothing is stored or retried: a message is lost when a queue on its way is full
 *       (see below), when a process or the master restarts, or while Redis is unreachable.</li>
 *   <li><b>In order per publisher.</b> Messages one process publishes reach each subscriber in the order
 *       they were published (from one thread, or as serialised by the caller); messages of different
 *       publishers may interleave differently at different subscribers.</li>
 *   <li><b>Registered on return.</b> Once {@link #subscribe} returns in a worker process, the master routes
 *       the topic to it: a message published anywhere on this machine after that reaches it.</li>
 * </ul>
 *
 * <h2>Slow subscribers</h2>
 * Each subscription has a bounded queue and its own system coroutine, which calls the handler for one
 * message after the other (a handler may block in any Weft operation). When the queue is full, new messages
 * for that subscription are dropped and counted ({@link Subscription#dropped()}), with a log line at most
 * every 10 seconds; the other subscriptions, the process's link to the master and the publishers are never
 * held up. The master treats each process the same way: its queue to a process that does not read is
 * bounded, and messages beyond it are dropped.
 *
 * <p>Only worker processes are connected to the master; elsewhere (the master itself, the CLI, a plain
 * {@code main}) a topic reaches the subscribers of the same process only.
 */
public interface Topic {
    /** The largest payload of one message: 1 MiB. */
    int MAX_PAYLOAD = 1 << 20;

    /** The default bound of a subscription's queue: 1024 messages. */
    int DEFAULT_QUEUE = 1024;

    /** The topic's name. */
    String name();

    /**
     * Publishes a text. Never blocks: the message is queued for this process's subscribers and for the
     * master.
     *
     * @return false if it was dropped on its way out of this process (the queue to the master is full, or
     *     the link to the master is gone); this process's own subscribers have it either way
     * @throws IllegalArgumentException if the UTF-8 text is longer than {@link #MAX_PAYLOAD} bytes
     */
    boolean publish(String text);

    /**
     * Publishes bytes (the array is copied); see {@link #publish(String)}.
     *
     * @throws IllegalArgumentException if longer than {@link #MAX_PAYLOAD} bytes
     */
    boolean publish(byte[] bytes);

    /**
     * Publishes {@code value} as its JSON text (Jackson, default settings); see {@link #publish(String)}.
     *
     * @throws IllegalArgumentException if Jackson cannot write it, or it is longer than {@link #MAX_PAYLOAD}
     */
    boolean publishJson(Object value);

    /**
     * Subscribes to the texts of this topic; the same as {@code subscribe(String.class, handler)}.
     *
     * @param handler called on the subscription's coroutine, one message at a time
     * @return the subscription; close it to unsubscribe
     */
    Subscription subscribe(Consumer<String> handler);

    /**
     * Subscribes, reading each message as {@code type} ({@code String}, {@code byte[]}, or a class read
     * from JSON), with a queue of {@link #DEFAULT_QUEUE} messages.
     *
     * @param handler called on the subscription's coroutine, one message at a time; an exception it throws
     *     is logged and the subscription goes on
     * @return the subscription; close it to unsubscribe
     */
    <T> Subscription subscribe(Class<T> type, Consumer<? super T> handler);

    /**
     * Like {@link #subscribe(Class, Consumer)} with a queue of {@code queueCapacity} messages.
     *
     * @throws IllegalArgumentException if {@code queueCapacity} is less than 1
     */
    <T> Subscription subscribe(Class<T> type, int queueCapacity, Consumer<? super T> handler);
}
