package dev.weft.server.internal.topic;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker process's connection to the master's {@link TopicHub}: a socket of its own, apart from the
 * master's control link, so that a burst of messages never delays a heartbeat or a command. Two platform
 * threads serve it (the process's carrier may be busy): a writer that drains an {@link Outbound} queue, and
 * a reader that hands each message to {@link Topics#deliver} (which never blocks) and completes the
 * subscriptions the master acknowledges.
 */
final class HubLink {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.topic");

    private final SocketChannel channel;
    private final Topics topics;
    private final Outbound out = new Outbound();
    private final Map<Integer, CompletableFuture<Void>> acks = new ConcurrentHashMap<>();
    private final AtomicInteger nextAck = new AtomicInteger(1);
    private volatile boolean closed;

    private HubLink(SocketChannel channel, Topics topics) {
        this.channel = channel;
        this.topics = topics;
    }

    /** Connects to the master's topic socket and starts the reader and the writer. */
    static HubLink open(Path socket, Topics topics) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        HubLink link = new HubLink(ch, topics);
        link.out.offerControl(Frames.hello(ProcessHandle.current().pid()));
        Thread.ofPlatform().daemon().name("weft-topic-writer").start(link::write);
        Thread.ofPlatform().daemon().name("weft-topic-reader").start(link::read);
        return link;
    }

    /**
     * Queues a message frame for the master.
     *
     * @return false if it was dropped (the queue is full or the link is closed)
     */
    boolean publish(byte[] frame) {
        return out.offer(frame);
    }

    /** Asks the master to route {@code topic} here; completes when it has. */
    CompletableFuture<Void> subscribe(String topic) {
        int id = nextAck.getAndIncrement();
        CompletableFuture<Void> f = new CompletableFuture<>();
        acks.put(id, f);
        f.whenComplete((v, e) -> acks.remove(id));
        if (closed) f.completeExceptionally(new IOException("the link to the master is closed"));
        else out.offerControl(Frames.subscribe(id, topic));
        return f;
    }

    /** Tells the master this process has no subscriber of {@code topic} left. */
    void unsubscribe(String topic) {
        out.offerControl(Frames.unsubscribe(topic));
    }

    /** Messages dropped on their way to the master. */
    long dropped() {
        return out.dropped();
    }

    private void write() {
        try {
            out.writeLoop(channel);
        } catch (IOException e) {
            if (!closed) LOG.log(System.Logger.Level.WARNING, "topic link to the master lost: " + e.getMessage());
        }
        close();
    }

    private void read() {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024))) {
            byte[] frame;
            while ((frame = Frames.read(in)) != null) {
                switch (Frames.type(frame)) {
                    case Frames.TEXT, Frames.BYTES -> topics.deliver(Frames.topic(frame), Message.of(frame));
                    case Frames.ACK -> {
                        CompletableFuture<Void> f = acks.get(Frames.int32(frame, 5));
                        if (f != null) f.complete(null);
                    }
                    default -> LOG.log(System.Logger.Level.WARNING, "unexpected topic frame " + Frames.type(frame));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) LOG.log(System.Logger.Level.WARNING, "topic link to the master lost: " + e.getMessage());
        }
        close();
    }

    /** Closes the socket; messages still queued are lost. */
    void close() {
        if (closed) return;
        closed = true;
        out.close();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        IOException gone = new IOException("the link to the master is closed");
        acks.values().forEach(f -> f.completeExceptionally(gone));
        topics.linkClosed(this);
    }
}
