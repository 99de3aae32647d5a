package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The worker side of the Redis control channel: one system coroutine subscribes to
 * {@code weft:<app>:control}, checks every message with a {@link MessageGuard}, runs accepted
 * commands on their own system coroutine (so a slow {@code dump} never stalls the subscription) and
 * publishes the signed reply to the message's {@code reply_to}.
 *
 * <p>Nothing a publisher sends can stop the subscriber: garbage is logged and dropped, refused
 * messages are logged and counted. A lost connection (Redis restarted) is retried with exponential
 * backoff (50 ms to 2 s) and the subscription re-established; commands published while it was down
 * are lost, as Pub/Sub keeps nothing.
 */
public final class RedisControlServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisControlServer.class.getName());
    private static final Duration MIN_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final URI redis;
    private final String app;
    private final String channel;
    private final CommandRegistry commands;
    private final ControlSecret secret;
    private final MessageGuard guard;
    private final AtomicLong executed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong garbage = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private volatile boolean running;
    private volatile boolean subscribed;
    private volatile Subscriber current;
    private volatile Jedis connection;
    private volatile Coroutine loop;

    /** A server for {@code app} on {@code redis} ({@code redis://host:port}), with the default 30 s window. */
    public RedisControlServer(URI redis, String app, CommandRegistry commands, ControlSecret secret) {
        this(redis, app, commands, secret, new MessageGuard(secret, app));
    }

    /** A server with an explicit {@link MessageGuard} (window, clock). */
    public RedisControlServer(
            URI redis, String app, CommandRegistry commands, ControlSecret secret, MessageGuard guard) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.channel = Channels.control(app);
        this.app = app;
        this.commands = Objects.requireNonNull(commands, "commands");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /**
     * Starts the subscription coroutine; returns at once (see {@link #isSubscribed()}).
     *
     * @return this server
     */
    public synchronized RedisControlServer start() {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        loop = Co.goSystem("weft-control-" + app, this::run);
        return this;
    }

    /** Whether the subscription is currently established. */
    public boolean isSubscribed() {
        return subscribed;
    }

    /** Commands accepted and run. */
    public long executed() {
        return executed.get();
    }

    /** Messages refused by the guard (unsigned, bad signature, expired, replayed, ...). */
    public long rejected() {
        return rejected.get();
    }

    /** Messages that were not JSON objects. */
    public long garbage() {
        return garbage.get();
    }

    /** How many times the subscription was established (1 + reconnects). */
    public long subscriptions() {
        return subscriptions.get();
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            Subscriber sub = new Subscriber();
            current = sub;
            try (Jedis jedis = new Jedis(redis)) {
                connection = jedis;
                jedis.subscribe(sub, channel);
            } catch (JedisException | IllegalStateException e) {
                if (running) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "control channel " + channel + " lost (" + e.getMessage() + "); retrying in "
                                    + backoff.toMillis() + " ms");
                }
            } finally {
                subscribed = false;
                connection = null;
            }
            if (sub.wasSubscribed) {
                backoff = MIN_BACKOFF;
            }
            if (running) {
                Co.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Judges one raw message and, when accepted, runs it on its own system coroutine. */
    void receive(String raw) {
        ObjectNode message;
        try {
            JsonNode node = Json.MAPPER.readTree(raw);
            if (!(node instanceof ObjectNode o)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            message = o;
        } catch (Exception e) {
            garbage.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "ignoring garbage on " + channel + ": " + abbreviate(raw));
            return;
        }
        MessageGuard.Verdict verdict = guard.check(message);
        ControlMessage command;
        try {
            command = verdict == MessageGuard.Verdict.ACCEPTED ? ControlMessage.from(message) : null;
        } catch (IllegalArgumentException e) {
            verdict = MessageGuard.Verdict.MALFORMED;
            command = null;
        }
        if (command == null) {
            rejected.incrementAndGet();
            LOG.log(
                    System.Logger.Level.WARNING,
                    "refused control message on " + channel + " (" + verdict + "): " + abbreviate(raw));
            return;
        }
        ControlMessage accepted = command;
        Co.goSystem("weft-control-cmd-" + accepted.cmd(), () -> execute(accepted));
    }

    private void execute(ControlMessage command) {
        executed.incrementAndGet();
        ObjectNode reply = commands.handle(command.cmd(), command.args());
        ObjectNode envelope = Json.object();
        envelope.put("id", command.id()).put("app", app).put("ts", guard.now()).put("nonce", ControlMessage.newNonce());
        envelope.set("reply", reply);
        SignedMessages.sign(envelope, secret);
        // A connection per reply: control traffic is rare, and a fresh connection needs no repair after a Redis
        // restart.
        try (Jedis jedis = new Jedis(redis)) {
            jedis.publish(command.replyTo(), envelope.toString());
        } catch (JedisException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot publish reply to " + command.replyTo() + ": " + e.getMessage());
        }
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 200 ? raw : raw.substring(0, 200) + "...";
    }

    /**
     * Stops the subscription and waits (up to 5 s) for the coroutine to end. Commands already
     * running finish on their own.
     */
    @Override
    public void close() {
        running = false;
        Subscriber sub = current;
        if (sub != null && sub.isSubscribed()) {
            try {
                sub.unsubscribe();
            } catch (JedisException | IllegalStateException e) {
                // The connection is gone already; closing it below ends the loop anyway.
            }
        }
        Jedis jedis = connection;
        if (jedis != null) {
            jedis.disconnect();
        }
        Coroutine c = loop;
        if (c != null) {
            Co.cancel(c.id()); // wakes a backoff sleep
            Co.join(List.of(c), Duration.ofSeconds(5));
        }
    }

    /** The Pub/Sub callbacks of one connection attempt. */
    private final class Subscriber extends JedisPubSub {
        volatile boolean wasSubscribed;

        @Override
        public void onSubscribe(String ch, int count) {
            wasSubscribed = true;
            subscribed = true;
            subscriptions.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "subscribed to " + ch);
        }

        @Override
        public void onMessage(String ch, String message) {
            try {
                receive(message);
            } catch (RuntimeException e) {
                // Last line of defence: whatever goes wrong with one message, the subscription lives on.
                LOG.log(System.Logger.Level.WARNING, "control message handling failed", e);
            }
        }
    }
}
