package dev.weft.server.internal.master;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import dev.weft.control.MetricsServer;
import dev.weft.server.Settings;
import dev.weft.server.Worker;
import dev.weft.server.internal.child.ChildEnv;
import dev.weft.server.internal.control.ControlConfig;
import dev.weft.server.internal.control.MasterControl;
import dev.weft.server.internal.ipc.Json;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.ipc.Peer;
import dev.weft.server.internal.log.LogSetup;
import dev.weft.server.internal.posix.ListenSocket;
import dev.weft.server.internal.posix.WaitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

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
 * children is taken on the loop thread, so none races with another. The loop acts on processes only
 * through a {@link ChildLauncher} and reads time only from its clock, so its decisions can be tested
 * without real processes; status threads read only the {@link MasterSnapshot} it publishes.
 *
 * <p>States: STARTING (until every slot has a ready child) → RUNNING ⇄ RELOADING → SHUTDOWN (children are
 * told to stop; when none is left the master runs onMasterStop, removes its pid file and returns).
 */
public final class Master {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.master");
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
    private final ChildLauncher launcher;
    /** The loop's clock, {@code System.nanoTime} outside tests. */
    private final LongSupplier clock;

    private final Duration backoffCap;
    private final BlockingQueue<MasterEvent> events = new LinkedBlockingQueue<>();
    /** Every child not yet reaped, by pid. Loop only. */
    private final Map<Long, ChildProcess> children = new HashMap<>();
    /** worker name -> exit status -> count. */
    private final Map<String, Map<Integer, AtomicLong>> exitCounts = new ConcurrentHashMap<>();
    /**
     * worker name -> serving children that exited on their own (crash, kill -9, heartbeat kill) and
     * whose slot is therefore respawned; reloads and stops replace children on purpose and are not counted.
     */
    private final Map<String, AtomicLong> restartCounts = new ConcurrentHashMap<>();

    private final List<SlotTable> tables = new ArrayList<>();
    private final Instant startTime = Instant.now();
    private volatile State state = State.STARTING;
    private final Deque<int[]> reloadPlan = new ArrayDeque<>();
    private int[] reloadStep;
    private boolean reloadGraceful;
    private UnixServer workerServer;
    private UnixServer controlServer;
    private MetricsServer metrics;
    /** Published by the loop after every turn, for status threads. */
    private volatile MasterSnapshot snapshot;

    private final MasterFanout fanout = new MasterFanout(this::snapshot);

    /**
     * @param settings   the settings and Workers
     * @param backoffCap longest delay between respawns of a crashing slot
     */
    public Master(Settings settings, Duration backoffCap) {
        this(settings, backoffCap, new PosixLauncher(JavaCommand.current(), settings.workerSocket()), System::nanoTime);
    }

    /**
     * @param launcher starts, signals and reaps the children
     * @param clock    the loop's clock, in nanoseconds like {@code System.nanoTime}
     */
    Master(Settings settings, Duration backoffCap, ChildLauncher launcher, LongSupplier clock) {
        this.settings = settings;
        this.backoffCap = backoffCap;
        this.launcher = launcher;
        this.clock = clock;
        publish();
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

    /** The latest snapshot the loop published. */
    MasterSnapshot snapshot() {
        return snapshot;
    }

    /** The status and connections documents, built from the snapshot. */
    StatusReport statusReport() {
        return new StatusReport(settings, this::snapshot, fanout);
    }

    /** Adds a Worker's slots; before the loop runs. */
    void addWorker(Worker worker, ListenSocket listener) {
        tables.add(new SlotTable(worker, listener, backoffCap));
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
                addWorker(w, ls);
            }
            workerServer =
                    new UnixServer(settings.workerSocket(), "worker-link", ch -> ChildLink.serve(ch, this::enqueue));
            controlServer =
                    new UnixServer(settings.controlSocket(), "control", ch -> new ControlRequests(this).serve(ch));
            MasterControl.install();
            ControlConfig control = ControlConfig.fromEnvironment(settings.appName());
            if (control.metrics() != null) {
                metrics = MasterControl.startMetrics(control.metrics(), fanout, exitCounts, restartCounts);
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
                if (e != null) handle(e);
            } catch (InterruptedException ie) {
                handleStop(false, "interrupted");
            }
            if (!turn()) return;
        }
    }

    /**
     * One turn of the loop once it has woken: handle the queued events, then murder, reap, manage,
     * heartbeat, and publish a snapshot.
     *
     * @return false once the master has shut down and every child is gone
     */
    boolean turn() {
        for (MasterEvent e = events.poll(); e != null; e = events.poll()) handle(e);
        long now = clock.getAsLong();
        murder(now);
        reap(now);
        if (state == State.SHUTDOWN && children.isEmpty()) {
            publish();
            return false;
        }
        manage(now);
        heartbeat(now);
        publish();
        return true;
    }

    private void publish() {
        List<MasterSnapshot.Child> kids = new ArrayList<>();
        for (ChildProcess c : orderedChildren()) {
            kids.add(new MasterSnapshot.Child(c.pid, c.table.worker.name(), c.slot, c.table.listening(), c.link));
        }
        List<String> workers = new ArrayList<>();
        Map<String, Map<Integer, Long>> exits = new HashMap<>();
        for (SlotTable t : tables) workers.add(t.worker.name());
        exitCounts.forEach((worker, counts) -> {
            Map<Integer, Long> copy = new TreeMap<>();
            counts.forEach((status, n) -> copy.put(status, n.get()));
            exits.put(worker, java.util.Collections.unmodifiableMap(copy));
        });
        snapshot = new MasterSnapshot(state, startTime, List.copyOf(workers), List.copyOf(kids), Map.copyOf(exits));
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
                    c.lastAnswer = clock.getAsLong();
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
            case "USR2" -> Thread.ofVirtual().start(() -> statusReport().writeStatusFile());
            case "IO" -> Thread.ofVirtual().start(() -> statusReport().writeConnectionsFile());
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
                for (int slot = 0; slot < t.count(); slot++) {
                    ChildProcess c = t.slot(slot).serving;
                    if (c != null && c.link != null)
                        c.link.request("reload", Json.object().put("replace", false));
                }
                continue;
            }
            for (int slot = 0; slot < t.count(); slot++) reloadPlan.add(new int[] {ti, slot});
        }
        advanceReload(clock.getAsLong());
    }

    private void handleReady(long pid) {
        ChildProcess c = children.get(pid);
        if (c == null) return;
        c.ready = true;
        c.lastAnswer = clock.getAsLong();
        Slot s = c.table.slot(c.slot);
        if (c.role == ChildProcess.Role.REPLACEMENT && s.replacing == c) {
            ChildProcess old = s.serving;
            s.serving = c;
            s.replacing = null;
            c.role = ChildProcess.Role.SERVING;
            if (old != null) retire(old, true, reloadGraceful);
            reloadStep = null;
            advanceReload(clock.getAsLong());
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
            Slot s = t.slot(step[1]);
            if (s.serving == null || s.replacing != null) continue; // manage() respawns it with new code
            ChildProcess repl = spawn(t, step[1], ChildProcess.Role.REPLACEMENT, now);
            if (repl != null) reloadStep = step;
        }
    }

    /** Tells a child to stop (or to retire for reload) and sets its SIGKILL deadline. */
    private void retire(ChildProcess c, boolean reload, boolean graceful) {
        if (c.role == ChildProcess.Role.RETIRING && c.killAt != 0) return;
        SlotTable t = c.table;
        Slot s = t.slot(c.slot);
        if (s.serving == c) s.serving = null;
        if (s.replacing == c) s.replacing = null;
        c.role = ChildProcess.Role.RETIRING;
        Duration limit = graceful ? t.worker.gracefulTimeout() : t.worker.stopTimeout();
        c.killAt = clock.getAsLong() + limit.toNanos();
        Peer link = c.link;
        if (link != null && !c.linkClosed) {
            String cmd = reload ? "reload" : "stop";
            link.request(cmd, Json.object().put("graceful", graceful).put("replace", true));
        } else {
            // Not connected yet: its JVM stops on SIGTERM (the runtime's handler, or the default action).
            launcher.terminate(c.pid);
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
                launcher.kill(c.pid);
                c.killed = true;
            }
        }
    }

    private void reap(long now) {
        for (ChildProcess c : List.copyOf(children.values())) {
            WaitStatus ws = launcher.reap(c.pid);
            if (ws != null) exited(c, ws, now);
        }
    }

    private void exited(ChildProcess c, WaitStatus ws, long now) {
        children.remove(c.pid);
        Peer link = c.link;
        if (link != null) link.channel().close();
        SlotTable t = c.table;
        Slot s = t.slot(c.slot);
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
        if (s.serving == c) {
            s.serving = null;
            if (state != State.SHUTDOWN)
                restartCounts
                        .computeIfAbsent(t.worker.name(), k -> new AtomicLong())
                        .incrementAndGet();
            if (crash) {
                Duration d = s.backoff.crashed();
                s.notBefore = now + d.toNanos();
                LOG.log(
                        WARNING,
                        "worker " + t.worker.name() + " slot " + c.slot + " crashed " + s.backoff.crashes()
                                + " time(s) in a row; respawn in " + d.toMillis() + " ms");
            } else {
                s.backoff.reset();
                s.notBefore = now;
            }
        } else if (s.replacing == c) {
            s.replacing = null;
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
                Slot s = t.slot(slot);
                if (s.empty() && now - s.notBefore >= 0) spawn(t, slot, ChildProcess.Role.SERVING, now);
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
            link.request("ping", null).thenRun(() -> c.lastAnswer = clock.getAsLong());
        }
    }

    // --- spawning ----------------------------------------------------------------------------------

    private ChildProcess spawn(SlotTable t, int slot, ChildProcess.Role role, long now) {
        Slot s = t.slot(slot);
        long pid;
        try {
            pid = launcher.spawn(t.worker, slot, t.listener);
        } catch (RuntimeException e) {
            Duration d = s.backoff.crashed();
            s.notBefore = now + d.toNanos();
            LOG.log(
                    ERROR,
                    "cannot spawn a child for worker " + t.worker.name() + ": " + e.getMessage() + "; retry in "
                            + d.toMillis() + " ms");
            return null;
        }
        ChildProcess c = new ChildProcess(pid, t, slot, role, now);
        children.put(pid, c);
        if (role == ChildProcess.Role.REPLACEMENT) s.replacing = c;
        else s.serving = c;
        return c;
    }

    // --- sockets -----------------------------------------------------------------------------------

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

    /** Live children in Worker order then slot order (for the snapshot). */
    private List<ChildProcess> orderedChildren() {
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
