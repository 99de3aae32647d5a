package dev.weft.server.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.internal.ipc.Fanout;
import dev.weft.server.internal.ipc.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@link Fanout} over the master's child links: every request goes out at once, then each answer is awaited
 * until one shared deadline, so N busy children cost one timeout, not N.
 */
final class MasterFanout implements Fanout {
    private final Supplier<MasterSnapshot> snapshot;

    /** @param snapshot the master's latest snapshot, which names the live children and their links */
    MasterFanout(Supplier<MasterSnapshot> snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public List<ChildReply> all(String cmd, JsonNode args, Duration perChildTimeout) {
        return ask(serving(), cmd, args, perChildTimeout);
    }

    @Override
    public ChildReply one(long pid, String cmd, JsonNode args, Duration timeout) {
        MasterSnapshot.Child c = snapshot.get().child(pid);
        if (c == null) return new ChildReply(pid, null, -1, false, null, "no such child");
        return ask(List.of(c), cmd, args, timeout).getFirst();
    }

    @Override
    public List<Child> children() {
        List<Child> out = new ArrayList<>();
        for (MasterSnapshot.Child c : serving()) out.add(new Child(c.pid(), c.worker(), c.slot()));
        return out;
    }

    /**
     * The children that hold a slot. A standby is left out: it has run no onWorkerStart, holds no coroutine
     * of the application's and answers no {@code co} command or metrics until it is taken.
     */
    private List<MasterSnapshot.Child> serving() {
        return snapshot.get().children().stream().filter(c -> !c.standby()).toList();
    }

    @Override
    public CompletableFuture<JsonNode> stream(long pid, String cmd, JsonNode args, Peer.RowListener rows) {
        MasterSnapshot.Child c = snapshot.get().child(pid);
        Peer link = c == null ? null : c.link();
        return link == null ? null : link.requestStream(cmd, args, rows);
    }

    List<ChildReply> ask(List<MasterSnapshot.Child> targets, String cmd, JsonNode args, Duration timeout) {
        List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
        for (MasterSnapshot.Child c : targets) {
            Peer link = c.link();
            futures.add(link == null ? null : link.request(cmd, args));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ChildReply> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            MasterSnapshot.Child c = targets.get(i);
            CompletableFuture<JsonNode> f = futures.get(i);
            String worker = c.worker();
            if (f == null) {
                out.add(new ChildReply(c.pid(), worker, c.slot(), false, null, "not connected"));
                continue;
            }
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                out.add(new ChildReply(c.pid(), worker, c.slot(), true, f.get(left, TimeUnit.NANOSECONDS), null));
            } catch (TimeoutException e) {
                f.cancel(false);
                out.add(new ChildReply(c.pid(), worker, c.slot(), false, null, "timeout"));
            } catch (ExecutionException e) {
                boolean remote = e.getCause() instanceof Peer.RemoteException;
                out.add(new ChildReply(
                        c.pid(),
                        worker,
                        c.slot(),
                        remote,
                        null,
                        String.valueOf(e.getCause().getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(new ChildReply(c.pid(), worker, c.slot(), false, null, "interrupted"));
            }
        }
        return out;
    }
}
