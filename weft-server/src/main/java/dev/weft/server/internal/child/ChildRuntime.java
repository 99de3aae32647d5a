package dev.weft.server.internal.child;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.CommandRegistry;
import dev.weft.control.Json;
import dev.weft.control.LinkCommand;
import dev.weft.control.ProcessIdentity;
import dev.weft.coroutine.EventLoops;
import dev.weft.coroutine.Timer;
import dev.weft.server.Worker;
import dev.weft.server.WorkerService;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.ipc.Peer;
import dev.weft.server.internal.ipc.RowBatch;
import dev.weft.server.internal.status.ProcMemory;
import dev.weft.server.internal.status.StatusTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

/**
 * The life of one child: start the Worker's service, report ready, answer the master's commands, and on
 * stop (or reload, or the master's death) retire in order: onWorkerReload, delete the timers, stop
 * accepting, wait for in-flight work (graceful only), close connections, onWorkerStop, exit. Whatever
 * asks first (the master's stop or reload, SIGTERM, the master's death) decides how; later requests
 * change nothing, so onWorkerReload and onWorkerStop each run at most once.
 *
 * <p>Threads: the master link is read by a platform thread, so a dead master is noticed even when a virtual
 * thread hogs the only carrier; every command is answered on its own virtual thread, so such a child stops
 * answering heartbeats and status, which is how the master sees it is busy. The stop sequence runs on the
 * main (platform) thread.
 */
final class ChildRuntime {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.child");

    /** Why and how to stop. */
    private record StopRequest(boolean graceful, boolean reload, String reason) {}

    /** A qps window not used for this long is forgotten. */
    private static final Duration WINDOW_IDLE = Duration.ofMinutes(5);

    private final Worker worker;
    private final Peer peer;
    private final CompletableFuture<StopRequest> stop = new CompletableFuture<>();
    private volatile WorkerService service;
    /** Set once the service serves: gives the heap back after a burst of load (heartbeats drive it). */
    private volatile HeapShrink heapShrink;

    private final long startedAt = System.nanoTime();
    /** qps windows by caller ({@code status -d} sessions): caller → {nanoTime, total_request} at its last call. */
    private final Map<String, long[]> qpsWindows = new ConcurrentHashMap<>();

    private final boolean signals;
    /**
     * Everything this process answers on the master's link: the runtime's own {@link LinkCommand}s (ping,
     * status, stop, ...) and, once the slot is taken, weft-control's commands and {@code metrics}.
     */
    private final CommandRegistry commands;

    /** The slot this process holds: its first, or the one its {@code take} gives a standby. */
    private final int slot;
    /** Binds the process to its slot (logging, control, topics) before onWorkerStart. */
    private final ObjIntConsumer<CommandRegistry> takeSlot;
    /** A standby's warm-up of what {@link #takeSlot} will run. */
    private final Runnable warmUp;
    /** Completed with the slot by the master's {@code take}: how a standby starts serving. */
    private final CompletableFuture<Integer> take = new CompletableFuture<>();

    private volatile long tookAt;

    /**
     * @param slot     the slot, or -1 for a standby (it waits for the master's {@code take})
     * @param takeSlot run with the slot before onWorkerStart
     */
    ChildRuntime(
            Worker worker,
            JsonLineChannel channel,
            int slot,
            ObjIntConsumer<CommandRegistry> takeSlot,
            Runnable warmUp) {
        this(worker, channel, true, slot, takeSlot, warmUp);
    }

    /** @param signals whether TERM and INT stop the child (false in tests that run it in-process) */
    ChildRuntime(Worker worker, JsonLineChannel channel, boolean signals) {
        this(worker, channel, signals, 0, (c, s) -> {}, () -> {});
    }

    ChildRuntime(
            Worker worker,
            JsonLineChannel channel,
            boolean signals,
            int slot,
            ObjIntConsumer<CommandRegistry> takeSlot,
            Runnable warmUp) {
        this.worker = worker;
        this.commands = new CommandRegistry(ProcessIdentity.current(worker.name(), slot));
        this.peer = new Peer(channel);
        this.signals = signals;
        this.slot = slot;
        this.takeSlot = takeSlot;
        this.warmUp = warmUp;
    }

    int run() {
        registerBuiltins();
        if (signals) installSignalHandlers();
        Thread.ofPlatform().daemon().name("weft-master-link").start(this::readLoop);
        notice(Json.object()
                .put("type", "hello")
                .put("pid", ProcessHandle.current().pid())
                .put("count", worker.count()) // the count(n) of the code this child runs: a reload may change it
                .put("worker", worker.name())
                .put("id", worker.id())
                .put("standby", slot < 0));
        int held = slot >= 0 ? slot : awaitTake();
        if (held < 0) {
            LOG.log(INFO, "standby stopping (" + stop.join().reason() + ")");
            return 0;
        }
        try {
            takeSlot.accept(commands, held);
            worker.callbacks().start().accept(worker);
            WorkerService s = worker.newService();
            service = s;
            Channel listener = listener();
            if (listener instanceof DatagramChannel udp) s.startDatagram(udp);
            else s.start((ServerSocketChannel) listener);
            heapShrink = new HeapShrink(
                    Runtime.getRuntime()::totalMemory,
                    () -> Thread.ofPlatform().daemon().name("weft-heap-shrink").start(System::gc));
            if (slot < 0)
                LOG.log(INFO, "took slot " + held + " in " + (System.nanoTime() - tookAt) / 1_000_000 + " ms");
        } catch (Throwable t) {
            LOG.log(ERROR, "worker " + worker.name() + " failed to start", t);
            return 1;
        }
        notice(Json.object()
                .put("type", "ready")
                .put("pid", ProcessHandle.current().pid()));
        return retire(stop.join());
    }

    /**
     * A standby's wait: loads the Worker's service classes, tells the master it is ready to take a slot,
     * and waits for the slot (or a stop, then -1). Nothing runs onWorkerStart or accepts before the take.
     */
    private int awaitTake() {
        try {
            warmUp.run();
            warmService();
        } catch (Exception e) {
            LOG.log(WARNING, "standby warm-up: " + e);
        }
        notice(Json.object()
                .put("type", "standby")
                .put("pid", ProcessHandle.current().pid()));
        CompletableFuture.anyOf(take, stop).join();
        return take.isDone() ? take.join() : -1;
    }

    /**
     * Starts and stops a throwaway service on a loopback port of its own: the start path (TLS keys, the
     * acceptor, the poller) is loaded and run once, so the take runs it warm. Nothing is accepted on the
     * shared socket.
     */
    private void warmService() throws Exception {
        if (worker.listen() == null || !(System.inheritedChannel() instanceof ServerSocketChannel)) return;
        WorkerService s = worker.newService();
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            s.start(probe);
            String scheme = worker.listen().substring(0, worker.listen().indexOf(':'));
            if (scheme.equals("http") || scheme.equals("websocket")) badRequest(probe.getLocalAddress());
            s.stopAccepting();
            s.closeAll();
        }
    }

    /**
     * Sends the probe a request it must refuse (400): the accept, read, parse and answer path runs once,
     * with no handler of the application's called.
     */
    private static void badRequest(java.net.SocketAddress at) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(at, 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream()
                    .write("GET /weft-standby-warm-up HTTP/1.1\r\nHost: warm-up\r\nContent-Length: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
    }

    /** The socket the master put on fd 0: a ServerSocketChannel, or a DatagramChannel for udp://. */
    private Channel listener() throws IOException {
        if (worker.listen() == null) return null;
        Channel inherited = System.inheritedChannel();
        if (inherited instanceof ServerSocketChannel || inherited instanceof DatagramChannel) return inherited;
        throw new IOException(
                "fd 0 is not a listening socket (" + inherited + "): was this child started by a Weft master?");
    }

    private int retire(StopRequest req) {
        Duration limit = req.graceful() ? worker.gracefulTimeout() : worker.stopTimeout();
        // The master SIGKILLs a child that outlives its limit; this guard does the same when the master is gone.
        Thread guard = Thread.ofPlatform().daemon().name("weft-stop-guard").start(() -> {
            try {
                Thread.sleep(limit.plusSeconds(1));
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(2);
        });
        LOG.log(INFO, "stopping (" + req.reason() + (req.graceful() ? ", graceful" : "") + ")");
        if (req.reload()) callback("onWorkerReload", worker.callbacks().reload());
        // Before the drain: from here on the replacement (or nobody) owns this slot's timers, so a
        // cron-like timer does not run in two processes for as long as a graceful drain lasts.
        Timer.delAll();
        drain(req);
        callback("onWorkerStop", worker.callbacks().stop());
        finalMetrics();
        guard.interrupt(); // retired in time
        System.out.flush();
        return 0;
    }

    /**
     * Stops accepting, waits for in-flight work (graceful only) and closes the connections. A failure here
     * is logged and the stop goes on: onWorkerStop must run on every path, and the exit status stays 0.
     */
    private void drain(StopRequest req) {
        WorkerService s = service;
        if (s == null) return;
        try {
            s.stopAccepting();
            if (req.graceful() && !s.awaitIdle(worker.gracefulTimeout())) {
                LOG.log(WARNING, "graceful timeout: closing connections that are still busy");
            }
            s.closeAll();
        } catch (Throwable t) {
            LOG.log(ERROR, "draining the connections failed; stopping anyway", t);
        }
    }

    /** Sends the last counter values, so the master's per-Worker totals lose nothing this process counted. */
    private void finalMetrics() {
        if (!commands.isLink("metrics")) return;
        try {
            JsonNode text = commands.dispatch("metrics", null, null);
            notice(Json.object()
                    .put("type", "final-metrics")
                    .put("worker", worker.name())
                    .put("text", text.asText()));
        } catch (RuntimeException e) {
            LOG.log(WARNING, "cannot send the final metrics: " + e);
        }
    }

    private void callback(String what, java.util.function.Consumer<Worker> cb) {
        try {
            cb.accept(worker);
        } catch (Throwable t) {
            LOG.log(ERROR, what + " failed", t);
        }
    }

    private void readLoop() {
        try {
            while (true) {
                JsonNode msg = peer.channel().receive();
                if (msg == null) break;
                if (peer.accept(msg) || !msg.has("cmd")) continue;
                String cmd = msg.get("cmd").asText();
                // The runtime's own commands (ping among them) run where the coroutines run, on the event
                // loop: a child whose loop is stuck in a CPU loop really stops answering heartbeats. The
                // operator's commands run on a platform thread: a big `co list` neither starves the loop nor
                // needs it, so a stuck child can still be inspected.
                Thread t = commands.isLink(cmd)
                        ? EventLoops.newVirtualThread(() -> handle(msg))
                        : Thread.ofPlatform().daemon().unstarted(() -> handle(msg));
                t.setName("weft-cmd-" + cmd);
                t.start();
            }
        } catch (IOException e) {
            // same as EOF: the master is unreachable
        }
        // No master, no reason to live: an orphan would hold the port's accept queue forever.
        stop.complete(new StopRequest(false, false, "master gone"));
    }

    /**
     * Answers one request of the master straight from the registry. Asked to stream, a row command's rows go
     * first, each its own line, written in 64 KiB batches, then the reply.
     */
    private void handle(JsonNode msg) {
        long rid = msg.path("rid").asLong();
        String cmd = msg.get("cmd").asText();
        RowBatch batch = msg.path("stream").asBoolean() ? new RowBatch(peer.channel(), rid) : null;
        try {
            JsonNode reply;
            try {
                reply = commands.dispatch(cmd, msg.get("args"), batch);
            } catch (Throwable t) {
                if (batch != null) batch.flush();
                peer.replyError(rid, t instanceof dev.weft.control.CommandException ? t.getMessage() : t.toString());
                return;
            }
            if (batch != null) batch.flush();
            peer.reply(rid, reply);
        } catch (IOException e) {
            // master gone; the read loop notices
        }
    }

    private void notice(ObjectNode msg) {
        try {
            peer.channel().send(msg);
        } catch (IOException e) {
            stop.complete(new StopRequest(false, false, "master gone"));
        }
    }

    private void builtin(String name, Function<dev.weft.control.Args, Object> handler) {
        commands.register(LinkCommand.of(name, handler));
    }

    private void registerBuiltins() {
        // The answer to a heartbeat carries the request count: the master recycles at maxRequests.
        // It also tells HeapShrink whether a burst of load is over.
        builtin("ping", a -> {
            long requests = service != null ? service.totalRequests() : 0L;
            HeapShrink shrink = heapShrink;
            if (shrink != null) shrink.heartbeat(requests, System.nanoTime());
            return Map.of("requests", requests);
        });
        builtin("status", a -> statusRow(a.text("window")));
        builtin("connections", a -> connectionRows());
        builtin("take", a -> {
            if (slot >= 0 || !a.has("slot")) throw new IllegalStateException("not a standby, or no slot given");
            tookAt = System.nanoTime();
            take.complete((int) a.requiredLong("slot"));
            return "ok";
        });
        builtin("stop", a -> {
            stop.complete(new StopRequest(a.flag("graceful"), false, "stop"));
            return "ok";
        });
        builtin("reload", a -> {
            if (a.flag("replace")) {
                stop.complete(new StopRequest(a.flag("graceful"), true, "reload"));
            } else if (!stop.isDone()) {
                // A non-reloadable Worker keeps its process; a retiring one runs its callbacks in retire() only.
                callback("onWorkerReload", worker.callbacks().reload());
            }
            return "ok";
        });
        builtin("status-file", a -> {
            appendLine(Path.of(a.text("path")), StatusTable.row(Json.MAPPER.valueToTree(statusRow())));
            return "ok";
        });
        builtin("connections-file", a -> {
            StringBuilder sb = new StringBuilder();
            for (Map<String, Object> row : connectionRows())
                sb.append(Json.MAPPER.valueToTree(row).toString()).append('\n');
            appendLine(Path.of(a.text("path")), sb.toString());
            return "ok";
        });
    }

    private static Object appendLine(Path file, String text) {
        if (text.isEmpty()) return "ok";
        try {
            // O_APPEND: each child's rows land whole even when several children write at once.
            Files.writeString(
                    file,
                    text.endsWith("\n") ? text : text + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "ok";
    }

    /**
     * Requests per second over the caller's own window: since that caller's previous call, or since this
     * process started for a caller without a window (a one-shot {@code status}, the USR2 file). Each
     * {@code status -d} session has its own window, so two of them do not shorten each other's interval.
     */
    private double qps(String window, long total) {
        long now = System.nanoTime();
        long[] prev = window == null ? null : qpsWindows.put(window, new long[] {now, total});
        qpsWindows.values().removeIf(w -> now - w[0] > WINDOW_IDLE.toNanos()); // sessions that ended
        long since = prev != null ? prev[0] : startedAt;
        long base = prev != null ? prev[1] : 0;
        double secs = Math.max(1e-3, (now - since) / 1e9);
        return Math.max(0, (total - base) / secs);
    }

    private Map<String, Object> statusRow() {
        return statusRow(null);
    }

    private Map<String, Object> statusRow(String window) {
        Map<String, Object> stats = service != null ? service.stats() : Map.of();
        long total = number(stats.get("total_request"));
        double qps = qps(window, total);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pid", ProcessHandle.current().pid());
        row.put("worker", worker.name());
        row.put("id", worker.id());
        row.put("listening", worker.listening() != null ? worker.listening() : "none");
        row.put("memory", ProcMemory.rss(ProcessHandle.current().pid()));
        row.put("connections", number(stats.get("connections")));
        row.put("send_fail", number(stats.get("send_fail")));
        row.put("timers", number(stats.get("timers")));
        row.put("total_request", total);
        row.put("qps", Math.round(qps * 10) / 10.0);
        row.put("coroutines", number(stats.get("coroutines")));
        row.put("throw_exception", number(stats.get("throw_exception")));
        row.put("loop_stalls", EventLoops.stalls());
        row.put("status", slot < 0 && !take.isDone() ? "standby" : "idle");
        return row;
    }

    private List<Map<String, Object>> connectionRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (service == null) return rows;
        for (Map<String, Object> c : service.connections()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pid", ProcessHandle.current().pid());
            row.put("worker", worker.name());
            row.put("id", worker.id());
            row.putAll(c);
            rows.add(row);
        }
        return rows;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }

    @SuppressWarnings("removal")
    private void installSignalHandlers() {
        // A child in its own process group gets signals only when someone targets it: treat TERM and INT as stop.
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(
                        new sun.misc.Signal(name), s -> stop.complete(new StopRequest(false, false, "SIG" + name)));
            } catch (IllegalArgumentException e) {
                LOG.log(WARNING, "cannot handle SIG" + name + ": " + e.getMessage());
            }
        }
    }
}
