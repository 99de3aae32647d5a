package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The operator side: signs a command, publishes it to every process of the app and collects the
 * replies. It subscribes to the per-request reply channel <em>before</em> publishing, so a fast
 * worker cannot answer into the void, and stops as soon as every receiver (the count PUBLISH
 * returns) has answered, or at the timeout.
 *
 * <p>Processes that answered an earlier broadcast of this client (a {@link #hello}) but not the
 * current one are reported as missing. Thread-safe.
 */
public final class RedisControlClient {
    private final URI redis;
    private final String app;
    private final ControlSecret secret;
    private final MessageGuard guard;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** A client for {@code app} on {@code redis}. */
    public RedisControlClient(URI redis, String app, ControlSecret secret) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.app = Channels.checkApp(app);
        this.secret = Objects.requireNonNull(secret, "secret");
        this.guard = new MessageGuard(secret, app);
    }

    /** {@code hello} to every process: learns who listens, for later {@code missing} reports. */
    public BroadcastResult hello(Duration timeout) {
        return broadcast("hello", null, timeout);
    }

    /** How many connections subscribe to the app's control channel now ({@code PUBSUB NUMSUB}). */
    public long listeners() {
        try (Jedis jedis = new Jedis(redis)) {
            return jedis.pubsubNumSub(Channels.control(app)).getOrDefault(Channels.control(app), 0L);
        }
    }

    /**
     * Sends {@code cmd} with {@code args} to every process of the app and merges the replies.
     *
     * @throws ControlException if Redis cannot be reached
     */
    public BroadcastResult broadcast(String cmd, JsonNode args, Duration timeout) {
        ControlMessage message = ControlMessage.create(app, cmd, args, guard.now());
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        JedisPubSub replies = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                ready.countDown();
            }

            @Override
            public void onMessage(String channel, String text) {
                inbox.add(text);
            }
        };
        Jedis subscriber = new Jedis(redis);
        Thread listener = Thread.ofVirtual().name("weft-control-replies").start(() -> {
            try {
                subscriber.subscribe(replies, message.replyTo());
            } catch (JedisException e) {
                failure.set(e);
            } finally {
                ready.countDown();
            }
        });
        try {
            if (!ready.await(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS) || failure.get() != null) {
                throw new ControlException("cannot subscribe to " + message.replyTo() + ": " + failure.get());
            }
            long expected;
            try (Jedis publisher = new Jedis(redis)) {
                expected = publisher.publish(
                        Channels.control(app),
                        SignedMessages.sign(message.toJson(), secret).toString());
            }
            return collect(message, expected, inbox, timeout);
        } catch (JedisException e) {
            throw new ControlException("cannot publish to " + Channels.control(app) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted");
        } finally {
            try {
                if (replies.isSubscribed()) {
                    replies.unsubscribe();
                }
            } catch (JedisException | IllegalStateException ignored) {
                // closing below ends the listener anyway
            }
            subscriber.close();
            try {
                listener.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BroadcastResult collect(
            ControlMessage message, long expected, BlockingQueue<String> inbox, Duration timeout)
            throws InterruptedException {
        Map<String, ObjectNode> byProcess = new LinkedHashMap<>();
        int rejected = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (byProcess.size() < expected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            String text = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (text == null) {
                break;
            }
            ObjectNode reply = accept(message, text);
            if (reply == null) {
                rejected++;
            } else {
                byProcess.putIfAbsent(key(reply), reply);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String k : known) {
            if (!byProcess.containsKey(k)) {
                missing.add(k);
            }
        }
        missing.sort(null);
        known.addAll(byProcess.keySet());
        List<ObjectNode> sorted = new ArrayList<>(byProcess.values());
        sorted.sort(Comparator.comparing((ObjectNode n) -> n.path("worker").asText())
                .thenComparingInt(n -> n.path("slot").asInt())
                .thenComparingLong(n -> n.path("pid").asLong()));
        return new BroadcastResult(message.id(), message.cmd(), expected, sorted, missing, rejected);
    }

    /** The reply inside a signed envelope for this request, or null if it is not one. */
    private ObjectNode accept(ControlMessage message, String text) {
        try {
            if (!(Json.MAPPER.readTree(text) instanceof ObjectNode envelope)) {
                return null;
            }
            if (guard.check(envelope) != MessageGuard.Verdict.ACCEPTED
                    || !message.id().equals(envelope.path("id").asText())
                    || !(envelope.get("reply") instanceof ObjectNode reply)) {
                return null;
            }
            return reply;
        } catch (Exception e) {
            return null;
        }
    }

    private static String key(ObjectNode reply) {
        return reply.path("host").asText() + "/" + reply.path("pid").asLong() + "/"
                + reply.path("worker").asText() + "/" + reply.path("slot").asInt();
    }

    /** The processes that have answered any broadcast of this client ({@link ProcessIdentity#key()}). */
    public Set<String> knownProcesses() {
        return Set.copyOf(known);
    }
}
