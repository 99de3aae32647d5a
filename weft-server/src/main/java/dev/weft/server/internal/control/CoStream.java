package dev.weft.server.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.server.internal.ipc.Fanout;
import dev.weft.server.internal.ipc.Peer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A row command ({@code list}, {@code dump}, {@code check}) streamed from the children through the master
 * without the master parsing or holding a reply: one child after the other, each child's rows are handed to
 * a {@link Listener} as raw bytes as they come off its link, then its small final reply. The master's memory
 * stays one row (and the listener's buffer) whatever the children hold. This is the master-side API for
 * anything that shows coroutines (the control socket's {@code co}, a dashboard).
 *
 * <p>Children are asked in turn rather than at once so that a document can be written child by child and
 * no link waits, blocked, for its turn while its heartbeats queue behind it. A child is given up on when it
 * sends nothing (no row, no reply) for {@code idleTimeout}: it is reported {@link Listener#missing} and rows
 * it sends later are dropped.
 */
public final class CoStream {
    private CoStream() {}

    /**
     * What a stream delivers, in order: for each child {@link #start}, its {@link #row}s, then {@link #end}
     * or {@link #missing}. {@code row} runs on the child link's reading thread, the others on the caller's;
     * calls never overlap.
     */
    public interface Listener {
        /** A child's rows follow. */
        void start(Fanout.Child child) throws IOException;

        /** One row, a JSON object with its {@code pid}, in {@code line[off, off + len)}; unparsed. */
        void row(byte[] line, int off, int len) throws IOException;

        /** The child's final reply {@code {host, pid, worker, slot, cmd, ok, result | error}} (no rows). */
        void end(Fanout.Child child, JsonNode reply) throws IOException;

        /** The child did not answer (not connected, no such pid, silent for the timeout, failed). */
        void missing(Fanout.Child child, String error) throws IOException;
    }

    /**
     * Streams weft-control's {@code command} with {@code args} from every live child, or only {@code pid}
     * when it is positive.
     *
     * @throws IOException when the listener fails (its receiver is gone); the stream stops there
     */
    public static void run(
            Fanout fanout, String command, JsonNode args, long pid, Duration idleTimeout, Listener listener)
            throws IOException {
        JsonNode payload = args != null && args.isObject() ? args : Json.object();
        List<Fanout.Child> targets = fanout.children().stream()
                .filter(c -> pid <= 0 || c.pid() == pid)
                .toList();
        if (pid > 0 && targets.isEmpty()) {
            listener.missing(new Fanout.Child(pid, null, -1), "no such child");
            return;
        }
        for (Fanout.Child child : targets) {
            one(fanout, child, command, payload, idleTimeout, listener);
        }
    }

    private static void one(
            Fanout fanout, Fanout.Child child, String command, JsonNode args, Duration idleTimeout, Listener listener)
            throws IOException {
        Gate gate = new Gate(listener);
        listener.start(child);
        CompletableFuture<JsonNode> reply = fanout.stream(child.pid(), command, args, gate);
        if (reply == null) {
            listener.missing(child, "not connected");
            return;
        }
        String error;
        try {
            JsonNode r = await(reply, gate, idleTimeout);
            gate.close();
            listener.end(child, r);
            return;
        } catch (TimeoutException e) {
            error = "no answer within " + idleTimeout.toMillis() + " ms";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io && gate.failure == io) throw io;
            error = String.valueOf(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        reply.cancel(false);
        gate.close();
        listener.missing(child, error);
    }

    /** Waits for the reply while rows keep coming; gives up after {@code idle} without any. */
    private static JsonNode await(CompletableFuture<JsonNode> reply, Gate gate, Duration idle)
            throws TimeoutException, ExecutionException, InterruptedException {
        while (true) {
            long left = idle.toNanos() - (System.nanoTime() - gate.lastRow.get());
            try {
                return reply.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - gate.lastRow.get() >= idle.toNanos()) throw e;
            }
        }
    }

    /** Passes rows on until closed; after that a late row of a child given up on is dropped. */
    private static final class Gate implements Peer.RowListener {
        private final Listener listener;
        final AtomicLong lastRow = new AtomicLong(System.nanoTime());
        private boolean open = true;
        volatile IOException failure;

        Gate(Listener listener) {
            this.listener = listener;
        }

        @Override
        public synchronized void row(byte[] line, int off, int len) throws IOException {
            lastRow.set(System.nanoTime());
            if (!open) return;
            try {
                listener.row(line, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        synchronized void close() {
            open = false;
        }
    }
}
