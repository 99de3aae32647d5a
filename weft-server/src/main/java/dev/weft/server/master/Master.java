package dev.weft.server.master;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.MetricsServer;
import dev.weft.coroutine.internal.loop.VirtualThreadHooks;
import dev.weft.server.Settings;
import dev.weft.server.Worker;
import dev.weft.server.child.ChildEnv;
import dev.weft.server.control.Json;
import dev.weft.server.control.JsonLineChannel;
import dev.weft.server.control.Peer;
import dev.weft.server.log.LogSetup;
import dev.weft.server.nativeio.ListenSocket;
import dev.weft.server.nativeio.Posix;
import dev.weft.server.nativeio.SpawnSpec;
import dev.weft.server.nativeio.WaitStatus;
import dev.weft.server.plane.MasterControl;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The master process: one loop, in the manner of Gunicorn's arbiter.
 *
 * <pre>
 *   loop:
 *     take the events (signals, child hello/ready/EOF, CLI commands) and handle each
 *     murder   SIGKILL children past their stop deadline or heartbeat timeout
 *     reap     waitpid(WNOHANG) every child; count exit statuses; free slots
 *     manage   spawn children for empty slots (after crash backoff); advance a rolling reload
 *     ping     heartbeats
 * </pre>
 *
 * Signal handlers, socket readers and CLI connections only enqueue an event; every decision about
 * children is taken on the loop thread, so none races with another.
 *
 * <p>States: STARTING (until every slot has a ready child) → RUNNING ⇄ RELOADING → SHUTDOWN (children are
 * told to stop; when none is left the master runs onMasterStop, removes its pid file and returns).
 */
public final class Master {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.master");
    /** A child that dies before ready or this soon after spawn has crashed; its slot backs off. */
    static final Duration CRASH_WINDOW = Duration.ofSeconds(5);
    /** A child gets at least this long to report ready, whatever its heartbeat timeout. */
    static final Duration MIN_READY_TIMEOUT = Duration.ofSeconds(60);

    private static final long TICK_MS = 100;

    /** Master state. */
    public enum State {
        STARTING,
        RUNNING,
        RELOADING,
        SHUTDOWN
    }

    private final Settings settings;
    private final JavaCommand command;
    private final Duration backoffCap;
    private final BlockingQueue<MasterEvent> events = new LinkedBlockingQueue<>();
    /** Every child not yet reaped, by pid. Written by the loop; read by status threads. */
    final Map<Long, ChildProcess> children = new ConcurrentHashMap<>();
    /** worker name -> exit status -> count. */
    final Map<String, Map<Integer, AtomicLong>> exitCounts = new ConcurrentHashMap<>();
    /**
     * worker name -> serving children that exited on their own (crash, kill -9, heartbeat kill) and
     * whose slot is therefore respawned; reloads and stops replace children on purpose and are not counted.
     */
    final Map<String, AtomicLong> restartCounts = new ConcurrentHashMap<>();

    final List<SlotTable> tables = new ArrayList<>();
    final Instant startTime = Instant.now();
    private volatile State state = State.STARTING;
    private final Deque<int[]> reloadPlan = new ArrayDeque<>();
    private int[] reloadStep;
    private boolean reloadGraceful;
    private UnixServer workerServer;
    private UnixServer controlServer;
    private MetricsServer metrics;
    private final MasterFanout fanout = new MasterFanout(this);

    /**
     * @param settings   the settings and Workers
     * @param backoffCap longest delay between respawns of a crashing slot
     */
    public Master(Settings settings, Duration backoffCap) {
        this.settings = settings;
        this.backoffCap = backoffCap;
        this.command = JavaCommand.current();
    }

    /** The current state. */
    public State state() {
        return state;
    }

    Settings settings() {
        return settings;
    }

    MasterFanout fanout() {
        return fanout;
    }

    void enqueue(MasterEvent e) {
        events.add(e);
    }

    /**
     * Opens the listeners, spawns the children and runs the loop until everything has stopped.
     *
     * @return the exit code for the master process
     */
    public int run() {
        try {
            Files.createDirectories(settings.runDir());
        } catch (IOException e) {
            System.err.println("cannot create run directory " + settings.runDir() + ": " + e.getMessage());
            return 1;
        }
        LogSetup.install("master", settings.logFile());
        try {
            for (Worker w : settings.workers()) {
                ListenSocket ls = w.listen() == null ? null : ListenSocket.open(w.listen(), w.reusePort(), 1024);
                if (ls != null) w.bind(-1, ls.url());
                tables.add(new SlotTable(w, ls, backoffCap));
            }
            workerServer = new UnixServer(settings.workerSocket(), "worker-link", this::serveChild);
            controlServer =
                    new UnixServer(settings.controlSocket(), "control", ch -> new ControlRequests(this).serve(ch));
            MasterControl.install();
            if (settings.control().metrics() != null) {
                metrics = MasterControl.startMetrics(settings.control().metrics(), fanout, exitCounts, restartCounts);
            }
            Files.writeString(settings.pidFile(), ProcessHandle.current().pid() + "\n");
        } catch (Exception e) {
            LOG.log(ERROR, "master failed to start: " + e.getMessage());
            closeAll();
            return 1;
        }
        installSignalHandlers();
        int processes = tables.stream().mapToInt(SlotTable::count).sum();
        LOG.log(
                INFO,
                "Weft master " + ProcessHandle.current().pid() + " starting " + tables.size() + " workers, " + processes
                        + " processes");
        for (SlotTable t : tables) {
            if (t.listener != null) LOG.log(INFO, "worker " + t.worker.name() + " listening on " + t.listener.url());
        }
        loop();
        try {
            settings.onMasterStop().run();
        } catch (Throwable t) {
            LOG.log(ERROR, "onMasterStop failed", t);
        }
        closeAll();
        LOG.log(INFO, "Weft master " + ProcessHandle.current().pid() + " stopped");
        return 0;
    }

    private void loop() {
        while (true) {
            try {
                // Poll faster while a child's link is closed but the child is not reaped yet: the
                // replacement should start as soon as the exit is visible to waitpid.
                long wait = children.values().stream().anyMatch(c -> c.linkClosed) ? 5 : TICK_MS;
                MasterEvent e = events.poll(wait, TimeUnit.MILLISECONDS);
                while (e != null) {
                    handle(e);
                    e = events.poll();
                }
            } catch (InterruptedException ie) {
                handleStop(false, "interrupted");
            }
            long now = System.nanoTime();
            murder(now);
            reap(now);
            if (state == State.SHUTDOWN && children.isEmpty()) return;
            manage(now);
            heartbeat(now);
        }
    }

    // --- events ------------------------------------------------------------------------------------

    private void handle(MasterEvent e) {
        switch (e) {
            case MasterEvent.Signal s -> handleSignal(s.name());
            case MasterEvent.Hello h -> {
                ChildProcess c = children.get(h.pid());
                if (c == null) {
                    h.link().channel().close(); // not ours (or already reaped)
                } else {
                    c.link = h.link();
                    c.lastAnswer = System.nanoTime();
                }
            }
            case MasterEvent.Ready r -> handleReady(r.pid());
            case MasterEvent.LinkClosed l -> {
                ChildProcess c = children.get(l.pid());
                if (c != null) c.linkClosed = true;
            }
        }
    }

    private void handleSignal(String name) {
        switch (name) {
            case "INT", "TERM" -> handleStop(false, "SIG" + name);
            case "STOP" -> handleStop(false, "stop");
            case "STOP_GRACEFUL" -> handleStop(true, "stop -g");
            case "USR1" -> handleReload(false);
            case "HUP" -> handleReload(true);
            case "USR2" -> Thread.ofVirtual().start(() -> new StatusReport(this).writeStatusFile());
            case "IO" -> Thread.ofVirtual().start(() -> new StatusReport(this).writeConnectionsFile());
            default -> LOG.log(WARNING, "unknown signal event " + name);
        }
    }

    private void handleStop(boolean graceful, String why) {
        if (state == State.SHUTDOWN) {
            LOG.log(INFO, "already stopping; " + why + " ignored");
            return;
        }
        LOG.log(INFO, "stopping all workers (" + why + (graceful ? ", graceful" : "") + ")");
        state = State.SHUTDOWN;
        reloadPlan.clear();
        reloadStep = null;
        for (ChildProcess c : children.values()) retire(c, false, graceful);
    }

    private void handleReload(boolean graceful) {
        if (state != State.RUNNING) {
            LOG.log(INFO, "reload ignored while " + state);
            return;
        }
        LOG.log(INFO, "reloading" + (graceful ? " (graceful)" : ""));
        try {
            settings.onMasterReload().run();
        } catch (Throwable t) {
            LOG.log(ERROR, "onMasterReload failed; stopping", t);
            handleStop(false, "onMasterReload failed");
            return;
        }
        state = State.RELOADING;
        reloadGraceful = graceful;
        for (int ti = 0; ti < tables.size(); ti++) {
            SlotTable t = tables.get(ti);
            if (!t.worker.reloadable()) {
                for (ChildProcess c : t.serving) {
                    if (c != null && c.link != null)
                        c.link.request("reload", Json.object().put("replace", false));
                }
                continue;
            }
            for (int slot = 0; slot < t.count(); slot++) reloadPlan.add(new int[] {ti, slot});
        }
        advanceReload(System.nanoTime());
    }

    private void handleReady(long pid) {
        ChildProcess c = children.get(pid);
        if (c == null) return;
        c.ready = true;
        c.lastAnswer = System.nanoTime();
        SlotTable t = c.table;
        if (c.role == ChildProcess.Role.REPLACEMENT && t.replacing[c.slot] == c) {
            ChildProcess old = t.serving[c.slot];
            t.serving[c.slot] = c;
            t.replacing[c.slot] = null;
            c.role = ChildProcess.Role.SERVING;
            if (old != null) retire(old, true, reloadGraceful);
            reloadStep = null;
            advanceReload(System.nanoTime());
        }
        if (state == State.STARTING && tables.stream().allMatch(SlotTable::allReady)) {
            state = State.RUNNING;
            LOG.log(INFO, "all " + children.size() + " processes ready");
            notifyDaemonLauncher();
        }
    }

    /** Starts the next replacement of a rolling reload, or ends the reload. One slot at a time. */
    private void advanceReload(long now) {
        while (reloadStep == null) {
            int[] step = reloadPlan.poll();
            if (step == null) {
                if (state == State.RELOADING) {
                    state = State.RUNNING;
                    LOG.log(INFO, "reload done");
                }
                return;
            }
            SlotTable t = tables.get(step[0]);
            if (t.serving[step[1]] == null || t.replacing[step[1]] != null)
                continue; // manage() respawns it with new code
            ChildProcess repl = spawn(t, step[1], ChildProcess.Role.REPLACEMENT, now);
            if (repl != null) reloadStep = step;
        }
    }

    /** Tells a child to stop (or to retire for reload) and sets its SIGKILL deadline. */
    private void retire(ChildProcess c, boolean reload, boolean graceful) {
        if (c.role == ChildProcess.Role.RETIRING && c.killAt != 0) return;
        SlotTable t = c.table;
        if (t.serving[c.slot] == c) t.serving[c.slot] = null;
        if (t.replacing[c.slot] == c) t.replacing[c.slot] = null;
        c.role = ChildProcess.Role.RETIRING;
        Duration limit = graceful ? t.worker.gracefulTimeout() : t.worker.stopTimeout();
        c.killAt = System.nanoTime() + limit.toNanos();
        Peer link = c.link;
        if (link != null && !c.linkClosed) {
            String cmd = reload ? "reload" : "stop";
            link.request(cmd, Json.object().put("graceful", graceful).put("replace", true));
        } else {
            // Not connected yet: its JVM stops on SIGTERM (the runtime's handler, or the default action).
            Posix.kill(c.pid, Posix.SIGTERM);
        }
    }

    // --- murder, reap, manage, heartbeat -------------------------------------------------------------

    private void murder(long now) {
        for (ChildProcess c : children.values()) {
            if (c.killed) continue;
            String why = null;
            if (c.killAt != 0 && now - c.killAt >= 0) {
                why = "did not stop in time";
            } else if (c.role != ChildProcess.Role.RETIRING) {
                Duration hb = c.table.worker.heartbeatTimeout();
                if (c.ready && now - c.lastAnswer > hb.toNanos()) {
                    why = "did not answer heartbeats for " + hb.toMillis() + " ms";
                } else if (!c.ready
                        && now - c.spawnedAt > max(hb, MIN_READY_TIMEOUT).toNanos()) {
                    why = "did not become ready";
                }
            }
            if (why != null) {
                LOG.log(WARNING, c.tag() + " " + why + ", SIGKILL");
                Posix.kill(c.pid, Posix.SIGKILL);
                c.killed = true;
            }
        }
    }

    private void reap(long now) {
        for (ChildProcess c : List.copyOf(children.values())) {
            WaitStatus ws = Posix.waitpid(c.pid, Posix.WNOHANG);
            if (ws != null) exited(c, ws, now);
        }
    }

    private void exited(ChildProcess c, WaitStatus ws, long now) {
        children.remove(c.pid);
        Peer link = c.link;
        if (link != null) link.channel().close();
        SlotTable t = c.table;
        int status = ws.status();
        if (status != 0) LOG.log(WARNING, c.tag() + " exit with status " + status + " (" + ws + ")");
        exitCounts
                .computeIfAbsent(t.worker.name(), k -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(status, k -> new AtomicLong())
                .incrementAndGet();
        try {
            t.worker.callbacks().exit().onExit(t.worker, status, c.pid);
        } catch (Throwable th) {
            LOG.log(ERROR, "onWorkerExit failed", th);
        }
        boolean crash =
                c.role != ChildProcess.Role.RETIRING && (!c.ready || now - c.spawnedAt < CRASH_WINDOW.toNanos());
        if (t.serving[c.slot] == c) {
            t.serving[c.slot] = null;
            if (state != State.SHUTDOWN)
                restartCounts
                        .computeIfAbsent(t.worker.name(), k -> new AtomicLong())
                        .incrementAndGet();
            if (crash) {
                Duration d = t.backoff[c.slot].crashed();
                t.notBefore[c.slot] = now + d.toNanos();
                LOG.log(
                        WARNING,
                        "worker " + t.worker.name() + " slot " + c.slot + " crashed " + t.backoff[c.slot].crashes()
                                + " time(s) in a row; respawn in " + d.toMillis() + " ms");
            } else {
                t.backoff[c.slot].reset();
                t.notBefore[c.slot] = now;
            }
        } else if (t.replacing[c.slot] == c) {
            t.replacing[c.slot] = null;
            LOG.log(
                    WARNING,
                    "replacement " + c.tag() + " died before it was ready; slot " + c.slot + " keeps its old process");
            reloadStep = null;
            advanceReload(now);
        }
    }

    private void manage(long now) {
        if (state == State.SHUTDOWN) return;
        for (SlotTable t : tables) {
            for (int slot = 0; slot < t.count(); slot++) {
                if (t.serving[slot] == null && t.replacing[slot] == null && now - t.notBefore[slot] >= 0) {
                    spawn(t, slot, ChildProcess.Role.SERVING, now);
                }
            }
        }
    }

    private void heartbeat(long now) {
        for (ChildProcess c : children.values()) {
            Peer link = c.link;
            if (link == null || !c.ready || c.role == ChildProcess.Role.RETIRING || c.linkClosed) continue;
            long interval = Math.min(1000, c.table.worker.heartbeatTimeout().toMillis() / 4) * 1_000_000L;
            if (now - c.lastPing < interval) continue;
            c.lastPing = now;
            link.request("ping", null).thenRun(() -> c.lastAnswer = System.nanoTime());
        }
    }

    // --- spawning ----------------------------------------------------------------------------------

    private ChildProcess spawn(SlotTable t, int slot, ChildProcess.Role role, long now) {
        Worker w = t.worker;
        List<String> extra = new ArrayList<>();
        boolean hasParallelism = command.jvmArgs().stream()
                        .anyMatch(a -> a.startsWith("-Djdk.virtualThreadScheduler.parallelism="))
                || w.jvmOptions().stream().anyMatch(a -> a.startsWith("-Djdk.virtualThreadScheduler.parallelism="));
        // One carrier per child, like one Workerman process per core; and a child stuck in a CPU loop
        // really stops answering heartbeats.
        if (!hasParallelism) extra.add("-Djdk.virtualThreadScheduler.parallelism=1");
        // Coroutines run on Weft's event loops only with java.lang opened (else the child warns and
        // falls back to the JDK's scheduler); a master started without the flag still gives it.
        boolean opened = command.jvmArgs().stream().anyMatch(Master::opensJavaLang)
                || w.jvmOptions().stream().anyMatch(Master::opensJavaLang);
        if (!opened) extra.add(VirtualThreadHooks.ADD_OPENS);
        extra.addAll(w.jvmOptions());
        List<String> env = ChildEnv.inherited();
        env.add(ChildEnv.WORKER_INDEX + "=" + w.index());
        env.add(ChildEnv.WORKER_NAME + "=" + w.name());
        env.add(ChildEnv.SLOT + "=" + slot);
        env.add(ChildEnv.MASTER_SOCKET + "=" + settings.workerSocket().toAbsolutePath());
        if (t.listener != null) env.add(ChildEnv.LISTENING + "=" + t.listener.url());
        SpawnSpec spec = new SpawnSpec(command.java(), command.argv(extra, List.of()), env).newProcessGroup(true);
        if (t.listener != null) spec.dup2(t.listener.fd(), 0);
        else spec.open(0, "/dev/null", Posix.O_RDONLY, 0);
        long pid;
        try {
            pid = Posix.spawn(spec);
        } catch (RuntimeException e) {
            Duration d = t.backoff[slot].crashed();
            t.notBefore[slot] = now + d.toNanos();
            LOG.log(
                    ERROR,
                    "cannot spawn a child for worker " + w.name() + ": " + e.getMessage() + "; retry in " + d.toMillis()
                            + " ms");
            return null;
        }
        ChildProcess c = new ChildProcess(pid, t, slot, role, now);
        children.put(pid, c);
        if (role == ChildProcess.Role.REPLACEMENT) t.replacing[slot] = c;
        else t.serving[slot] = c;
        return c;
    }

    private static boolean opensJavaLang(String jvmArg) {
        return jvmArg.startsWith("--add-opens=java.base/java.lang=");
    }

    // --- sockets -----------------------------------------------------------------------------------

    /** Reads one child's link: hello, ready, replies; EOF means the child is exiting. */
    private void serveChild(SocketChannel ch) {
        JsonLineChannel channel = new JsonLineChannel(ch);
        Peer peer = new Peer(channel);
        long pid = -1;
        try {
            while (true) {
                JsonNode msg = channel.receive();
                if (msg == null) break;
                if (peer.accept(msg)) continue;
                String type = msg.path("type").asText();
                if (type.equals("hello")) {
                    pid = msg.path("pid").asLong();
                    enqueue(new MasterEvent.Hello(pid, peer));
                } else if (type.equals("ready") && pid > 0) {
                    enqueue(new MasterEvent.Ready(pid));
                }
            }
        } catch (IOException e) {
            // treated as EOF
        }
        peer.failAll(new IOException("child link closed"));
        channel.close();
        if (pid > 0) enqueue(new MasterEvent.LinkClosed(pid));
    }

    private void notifyDaemonLauncher() {
        String path = System.getenv(ChildEnv.DAEMON_NOTIFY);
        if (path == null) return;
        try (JsonLineChannel ch = JsonLineChannel.connect(Path.of(path))) {
            ch.send(Json.object()
                    .put("ready", true)
                    .put("pid", ProcessHandle.current().pid())
                    .put("processes", children.size()));
        } catch (IOException e) {
            LOG.log(WARNING, "cannot tell the launching CLI that we are ready: " + e.getMessage());
        }
    }

    @SuppressWarnings("removal")
    private void installSignalHandlers() {
        for (String name : List.of("INT", "TERM", "HUP", "USR1", "USR2", "IO")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> enqueue(new MasterEvent.Signal(name)));
            } catch (IllegalArgumentException e) {
                LOG.log(WARNING, "cannot handle SIG" + name + ": " + e.getMessage());
            }
        }
    }

    private void closeAll() {
        if (workerServer != null) workerServer.close();
        if (controlServer != null) controlServer.close();
        if (metrics != null) metrics.close();
        for (SlotTable t : tables) if (t.listener != null) t.listener.close();
        try {
            Files.deleteIfExists(settings.pidFile());
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Live children in Worker order then slot order (for status). */
    List<ChildProcess> orderedChildren() {
        List<ChildProcess> list = new ArrayList<>(children.values());
        list.sort(Comparator.comparingInt((ChildProcess c) -> c.table.worker.index())
                .thenComparingInt(c -> c.slot)
                .thenComparingLong(c -> c.spawnedAt));
        return list;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
