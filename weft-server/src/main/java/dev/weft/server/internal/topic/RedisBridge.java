package dev.weft.server.internal.topic;

import dev.weft.control.Channels;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Topics across machines: the master publishes every message its processes publish to the Redis channel
 * {@code weft:<app>:topic:<name>}, and subscribes to {@code weft:<app>:topic:*} to hand what the other
 * masters publish to its own processes. One publishing connection (pipelined, fed by a bounded queue, so
 * the processes' links never wait for Redis) and one subscribing connection per master.
 *
 * <p>A Redis message is {@code 'W', 1, origin (16 bytes), kind (1 = text, 2 = bytes), payload}: the origin is
 * this master's random id, so it skips its own messages (its processes had them already). Messages in another
 * format are counted and dropped. Pub/Sub keeps nothing: messages published while a connection is down are
 * lost (at most once). Lost connections are retried with backoff from 50 ms to 2 s. Anyone who can publish to
 * this Redis can publish to the app's topics: keep it private (network, ACL), as for any Redis.
 */
public final class RedisBridge implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.topic");
    private static final byte MAGIC = 'W';
    private static final byte VERSION = 1;
    private static final int HEADER = 2 + 16 + 1;
    private static final int MAX_QUEUED = 16_384;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final URI redis;
    private final String prefix;
    private final TopicHub hub;
    private final byte[] origin = new byte[16];
    private final LinkedBlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong garbage = new AtomicLong();
    private final DropLog dropLog = new DropLog();
    private volatile boolean running = true;
    private volatile boolean subscribed;
    private volatile Subscriber current;
    private volatile Jedis subscribing;
    private Thread publisher;
    private Thread subscriber;

    /** A bridge for {@code app}'s topics on {@code redis}; {@link #start} connects it. */
    public RedisBridge(URI redis, String app, TopicHub hub) {
        this.redis = redis;
        this.prefix = "weft:" + Channels.checkApp(app) + ":topic:";
        this.hub = hub;
        new SecureRandom().nextBytes(origin);
    }

    /** Starts the publishing and the subscribing threads and joins {@code hub}. */
    public synchronized RedisBridge start() {
        publisher = Thread.ofVirtual().name("weft-topic-redis-pub").start(this::publishLoop);
        subscriber = Thread.ofVirtual().name("weft-topic-redis-sub").start(this::subscribeLoop);
        hub.bridge(this);
        return this;
    }

    /** Whether the subscription to the other masters' messages is established. */
    public boolean isSubscribed() {
        return subscribed;
    }

    /** Queues a message frame of a local process for Redis; drops it when the queue is full. */
    void publish(String topic, byte[] frame) {
        if (!outbound.offer(frame)) {
            dropLog.dropped("topics: Redis does not keep up, messages stay on this machine", dropped.incrementAndGet());
        }
    }

    private void publishLoop() {
        Duration backoff = MIN_BACKOFF;
        Jedis jedis = null;
        List<byte[]> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(outbound.take());
            } catch (InterruptedException e) {
                break;
            }
            outbound.drainTo(batch, 511);
            try {
                if (jedis == null) jedis = new Jedis(redis);
                Pipeline p = jedis.pipelined();
                for (byte[] frame : batch) {
                    String topic = Frames.topic(frame);
                    p.publish((prefix + topic).getBytes(StandardCharsets.US_ASCII), envelope(frame));
                }
                p.sync();
                published.addAndGet(batch.size());
                backoff = MIN_BACKOFF;
            } catch (JedisException | IllegalStateException e) {
                dropLog.dropped(
                        "topics: cannot publish to Redis (" + e.getMessage() + "), messages stay on this machine",
                        dropped.addAndGet(batch.size()));
                if (jedis != null) jedis.close();
                jedis = null;
                if (!sleep(backoff)) break;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            batch.clear();
        }
        if (jedis != null) jedis.close();
    }

    /** The Redis message for a TEXT or BYTES frame. */
    private byte[] envelope(byte[] frame) {
        int from = Frames.payloadOffset(frame);
        return ByteBuffer.allocate(HEADER + frame.length - from)
                .put(MAGIC)
                .put(VERSION)
                .put(origin)
                .put(Frames.type(frame))
                .put(frame, from, frame.length - from)
                .array();
    }

    private void subscribeLoop() {
        Duration backoff = MIN_BACKOFF;
        byte[] pattern = (prefix + "*").getBytes(StandardCharsets.US_ASCII);
        while (running) {
            Subscriber sub = new Subscriber();
            current = sub;
            try (Jedis jedis = new Jedis(redis)) {
                subscribing = jedis;
                jedis.psubscribe(sub, pattern);
            } catch (JedisException | IllegalStateException e) {
                if (running) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "topics: Redis subscription lost (" + e.getMessage() + "); retrying in "
                                    + backoff.toMillis() + " ms");
                }
            } finally {
                subscribed = false;
                subscribing = null;
            }
            if (sub.wasSubscribed) backoff = MIN_BACKOFF;
            if (running && !sleep(backoff)) break;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Judges one Redis message and hands it to the local processes. */
    void receive(byte[] channel, byte[] message) {
        String name = new String(channel, StandardCharsets.US_ASCII);
        byte kind = message.length >= HEADER ? message[HEADER - 1] : 0;
        if (!name.startsWith(prefix)
                || message.length < HEADER
                || message[0] != MAGIC
                || message[1] != VERSION
                || (kind != Frames.TEXT && kind != Frames.BYTES)) {
            dropLog.dropped(
                    "topics: ignoring a Redis message that Weft did not publish on " + name, garbage.incrementAndGet());
            return;
        }
        if (Arrays.equals(message, 2, 18, origin, 0, 16)) return; // ours: the local processes had it
        try {
            String topic = Frames.checkName(name.substring(prefix.length()));
            byte[] payload = Arrays.copyOfRange(message, HEADER, message.length);
            received.incrementAndGet();
            hub.fromRemote(topic, Frames.message(topic, kind, payload));
        } catch (IllegalArgumentException e) {
            dropLog.dropped("topics: ignoring a Redis message: " + e.getMessage(), garbage.incrementAndGet());
        }
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Messages sent to Redis, received from other masters, dropped (queue full, Redis down), and garbage. */
    public long[] counters() {
        return new long[] {published.get(), received.get(), dropped.get(), garbage.get()};
    }

    /** Stops both connections. */
    @Override
    public synchronized void close() {
        running = false;
        Subscriber sub = current;
        if (sub != null && sub.isSubscribed()) {
            try {
                sub.punsubscribe();
            } catch (JedisException | IllegalStateException e) {
                // the connection is gone already
            }
        }
        Jedis j = subscribing;
        if (j != null) j.disconnect();
        if (publisher != null) publisher.interrupt();
        if (subscriber != null) subscriber.interrupt();
    }

    /** The Pub/Sub callbacks of one connection. */
    private final class Subscriber extends BinaryJedisPubSub {
        volatile boolean wasSubscribed;

        @Override
        public void onPSubscribe(byte[] pattern, int count) {
            wasSubscribed = true;
            subscribed = true;
        }

        @Override
        public void onPMessage(byte[] pattern, byte[] channel, byte[] message) {
            try {
                receive(channel, message);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "topics: a Redis message failed", e);
            }
        }
    }
}
