package dev.weft.server.internal.topic;

import dev.weft.server.Subscription;
import dev.weft.server.Topic;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * This process's topics: the subscriptions by topic and, in a worker process, the {@link HubLink} to the
 * master. A message published here goes to this process's subscribers at once and to the master, which
 * routes it to every other process subscribed to the topic. The first subscription of a topic registers
 * it with the master and the last one's close withdraws it, both over the link, in order.
 */
public final class Topics {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.topic");
    /** How long {@code subscribe} waits for the master to register the topic. */
    static final long REGISTER_TIMEOUT_MS = 5_000;

    private static final Topics INSTANCE = new Topics();

    /** One topic's subscriptions here; {@code registeredOn} is the link that routes it here, if any. */
    private static final class State {
        final List<LocalSubscription<?>> subs = new CopyOnWriteArrayList<>();
        HubLink registeredOn;
        CompletableFuture<Void> registered;
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private volatile HubLink link;
    /** Whether this process was attached to a master: then a missing link means messages are lost. */
    private volatile boolean attached;

    private final DropLog dropLog = new DropLog();

    Topics() {}

    /** The process's topics. */
    public static Topics instance() {
        return INSTANCE;
    }

    /** The topic {@code name} (checked). */
    public Topic topic(String name) {
        return new TopicHandle(this, Frames.checkName(name));
    }

    /**
     * Connects this worker process to the master's topic socket and registers the topics subscribed so far,
     * waiting (up to 5 s) for the master to acknowledge them. A failure is logged: topics then reach this
     * process's subscribers only.
     */
    public void attach(Path socket) {
        attached = true;
        HubLink l;
        try {
            l = HubLink.open(socket, this);
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "topics stay in this process: cannot reach the master's " + socket + ": " + e.getMessage());
            return;
        }
        link = l;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        states.forEach((name, st) -> {
            synchronized (st) {
                if (!st.subs.isEmpty()) pending.add(register(name, st, l));
            }
        });
        for (CompletableFuture<Void> f : pending) await(f, "a topic");
    }

    /** Registers {@code name} on {@code l}; the caller holds the state's lock. */
    private static CompletableFuture<Void> register(String name, State st, HubLink l) {
        if (st.registeredOn != l) {
            st.registeredOn = l;
            st.registered = l.subscribe(name);
        }
        return st.registered;
    }

    private static void await(CompletableFuture<Void> f, String what) {
        try {
            f.get(REGISTER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "the master did not register " + what + " within " + REGISTER_TIMEOUT_MS
                            + " ms; messages from other processes may miss it until it does");
        } catch (ExecutionException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot register " + what + " with the master: "
                            + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    <T> Subscription subscribe(String topic, Class<T> type, int capacity, Consumer<? super T> handler) {
        LocalSubscription<T> sub = new LocalSubscription<>(this, topic, type, capacity, handler);
        State st = states.computeIfAbsent(topic, k -> new State());
        CompletableFuture<Void> registered = null;
        synchronized (st) {
            st.subs.add(sub);
            HubLink l = link;
            if (l != null) registered = register(topic, st, l);
        }
        sub.start();
        if (registered != null) await(registered, "topic " + topic);
        return sub;
    }

    /** A subscription closed: the last one of its topic withdraws the topic from the master. */
    void remove(LocalSubscription<?> sub) {
        State st = states.get(sub.topic());
        if (st == null) return;
        synchronized (st) {
            st.subs.remove(sub);
            if (st.subs.isEmpty() && st.registeredOn != null) {
                st.registeredOn.unsubscribe(sub.topic());
                st.registeredOn = null;
                st.registered = null;
            }
        }
    }

    /**
     * Publishes: to this process's subscribers, then to the master.
     *
     * @return false if the message was dropped on its way to the master
     */
    boolean publish(String topic, Message m) {
        byte[] payload = m.bytes();
        Frames.checkPayload(payload.length);
        deliver(topic, m);
        HubLink l = link;
        if (l == null) {
            if (!attached) return true;
            dropLog.dropped("topic " + topic + ": no link to the master, messages reach this process only", 0);
            return false;
        }
        if (l.publish(Frames.message(topic, m.kind(), payload))) return true;
        dropLog.dropped(
                "topic " + topic + ": the queue to the master is full, messages reach this process only", l.dropped());
        return false;
    }

    /** Hands a message to every subscription of {@code topic} here; never blocks. */
    void deliver(String topic, Message m) {
        State st = states.get(topic);
        if (st == null) return;
        for (LocalSubscription<?> s : st.subs) s.offer(m);
    }

    /** The link broke (the master is gone): from now on topics stay in this process. */
    void linkClosed(HubLink l) {
        if (link == l) link = null;
    }
}
