package dev.weft.server.internal.topic;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The master's end of the topics: every worker process connects to the master's topic socket, and each
 * message one sends is forwarded, as the bytes it arrived as, to every other process that subscribed to its
 * topic and (with a {@link RedisBridge}) to Redis. Routing happens on the thread that reads the sending
 * process's socket, never on the master loop; each receiving process has a bounded {@link Outbound} queue and
 * a writer of its own, so a process that does not read loses its own messages and holds up nobody.
 */
public final class TopicHub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.topic");

    /** One connected process. */
    private static final class Peer {
        final SocketChannel channel;
        final Outbound out = new Outbound();
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        final DropLog dropLog = new DropLog();
        volatile long pid = -1;

        Peer(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Peer>> subscribers = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private volatile RedisBridge bridge;

    /** Sends every message a process publishes to Redis too, and what Redis brings to the processes here. */
    public void bridge(RedisBridge bridge) {
        this.bridge = bridge;
    }

    /** Serves one process's connection until it closes, on the calling thread. */
    public void serve(SocketChannel channel) {
        Peer p = new Peer(channel);
        peers.add(p);
        Thread writer = Thread.ofVirtual().name("weft-topic-writer").start(() -> {
            try {
                p.out.writeLoop(channel);
            } catch (IOException e) {
                // the reader sees the socket break too
            }
        });
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024))) {
            byte[] frame;
            while ((frame = Frames.read(in)) != null) handle(p, frame);
        } catch (IOException | RuntimeException e) {
            if (channel.isOpen()) {
                LOG.log(System.Logger.Level.WARNING, "topic link of " + p.pid + " closed: " + e.getMessage());
            }
        }
        peers.remove(p);
        for (String t : p.topics) withdraw(p, t);
        p.out.close();
        try {
            channel.close();
        } catch (IOException ignored) {
            // best effort
        }
        writer.interrupt();
    }

    private void handle(Peer from, byte[] frame) {
        switch (Frames.type(frame)) {
            case Frames.TEXT, Frames.BYTES -> {
                received.incrementAndGet();
                String topic = Frames.topic(frame);
                route(from, topic, frame);
                RedisBridge b = bridge;
                if (b != null) b.publish(topic, frame);
            }
            case Frames.SUBSCRIBE -> {
                String topic = Frames.topic(frame);
                from.topics.add(topic);
                subscribers
                        .computeIfAbsent(topic, k -> ConcurrentHashMap.newKeySet())
                        .add(from);
                from.out.offerControl(Frames.ack(Frames.int32(frame, 5)));
            }
            case Frames.UNSUBSCRIBE -> {
                String topic = Frames.topic(frame);
                from.topics.remove(topic);
                withdraw(from, topic);
            }
            case Frames.HELLO -> from.pid = Frames.pid(frame);
            default -> throw new IllegalArgumentException("unknown topic frame type " + Frames.type(frame));
        }
    }

    private void withdraw(Peer p, String topic) {
        subscribers.computeIfPresent(topic, (k, set) -> {
            set.remove(p);
            return set.isEmpty() ? null : set;
        });
    }

    /** Sends a message frame to every process subscribed to {@code topic} but {@code from} (null: from Redis). */
    void route(Peer from, String topic, byte[] frame) {
        Set<Peer> targets = subscribers.get(topic);
        if (targets == null) return;
        for (Peer p : targets) {
            if (p != from && !p.out.offer(frame)) {
                p.dropLog.dropped(
                        "topics: process " + p.pid + " does not read its messages fast enough", p.out.dropped());
            }
        }
    }

    /** A message that came from another machine, through Redis. */
    void fromRemote(String topic, byte[] frame) {
        route(null, topic, frame);
    }

    /** Counters: processes connected, topics subscribed, messages received and dropped. */
    public Map<String, Object> stats() {
        long dropped = 0;
        for (Peer p : peers) dropped += p.out.dropped();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processes", peers.size());
        m.put("topics", subscribers.size());
        m.put("received", received.get());
        m.put("dropped", dropped);
        return m;
    }

    /** Closes every connection and the bridge. */
    @Override
    public void close() {
        RedisBridge b = bridge;
        if (b != null) b.close();
        for (Peer p : peers) {
            try {
                p.channel.close();
            } catch (IOException ignored) {
                // best effort at exit
            }
        }
    }
}
