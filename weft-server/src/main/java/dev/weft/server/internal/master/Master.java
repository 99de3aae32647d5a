package dev.weft.server.internal.master;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import dev.weft.control.Json;
import dev.weft.control.MetricsServer;
import dev.weft.server.Settings;
import dev.weft.server.Worker;
import dev.weft.server.internal.child.ChildEnv;
import dev.weft.server.internal.control.ControlConfig;
import dev.weft.server.internal.control.MasterControl;
import dev.weft.server.internal.control.WorkerCounters;
import dev.weft.server.internal.dashboard.Dashboard;
import dev.weft.server.internal.dashboard.DashboardConfig;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.ipc.Peer;
import dev.weft.server.internal.log.LogSetup;
import dev.weft.server.internal.posix.ListenSocket;
import dev.weft.server.internal.posix.WaitStatus;
import dev.weft.server.internal.status.PrivateFiles;
import dev.weft.server.internal.topic.RedisBridge;
import dev.weft.server.internal.topic.TopicConfig;
import dev.weft.server.internal.topic.TopicHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
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
    /** How often the master reads a child's memory for maxMemory. */
    static final Duration MEMORY_CHECK = Duration.ofSeconds(1);
    /** How long a child whose recycling replacement failed serves before another attempt. */
    static final Duration RECYCLE_RETRY = Duration.ofSeconds(10);

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
    /** worker name -> children recycled (maxRequests, maxMemory). */
    private final Map<String, AtomicLong> recycleCounts = new ConcurrentHashMap<>();
    /** Per-Worker counter totals for the metrics endpoint; told about every exit. */
    private final WorkerCounters counters = new WorkerCounters();
    /** Picks each child's maxRequests jitter. */
    private final java.util.Random jitter = new java.util.Random();

    private final List<SlotTable> tables = new ArrayList<>();
    private final Instant startTime = Instant.now();
    private volatile State state = State.STARTING;
    /** Reload requests not yet served. */
    private final ReloadQueue reloads = new ReloadQueue();
    /** The reload in progress, or null. */
    private ReloadRun reload;

    private UnixServer workerServer;
    private UnixServer controlServer;
    private volatile MetricsServer metrics;
    private volatile MetricsServer health;
    private volatile Dashboard dashboard;
    /** Set when this master was started by {@code weft upgrade} to take over, until the hand-over. Loop. */
    private Takeover takeover;
    /** The upgrade this master started and is waiting on, or null. Loop. */
    private UpgradeRun upgrade;
    /** The pid of the master that took over from this one, or 0. Loop. */
    private long upgradedTo;

    /** An upgrade in progress: the new master and the CLI waiting for the outcome. */
    private record UpgradeRun(long pid, CompletableFuture<ReloadQueue.Outcome> done) {}
    /** Routes topic messages between the children (and through Redis); never on the loop thread. */
    private final TopicHub topics = new TopicHub();

    private UnixServer topicServer;
    /** Published by the loop after every turn, for status threads. */
    private volatile MasterSnapshot snapshot;

    private final MasterFanout fanout = new MasterFanout(this::snapshot);
    /** systemd's Type=notify messages; off outside systemd and in tests. */
    private SystemdNotify systemd = SystemdNotify.off();

    /**
     * @param settings   the settings and Workers
     * @param backoffCap longest delay between respawns of a crashing slot
     */
    public Master(Settings settings, Duration backoffCap) {
        this(
                settings,
                backoffCap,
                new PosixLauncher(JavaCommand.current(), settings.workerSocket(), settings.topicSocket()),
                System::nanoTime);
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

    /** Whether this process was started by {@code weft upgrade} to take over from a running master. */
    public static boolean upgradeRequested() {
        return Takeover.requested();
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
        String names = WorkerNames.duplicates(settings.workers());
        if (names != null) {
            System.err.println(names);
            return 1;
        }
        try {
            PrivateFiles.directory(settings.runDir());
            PrivateFiles.file(settings.logFile());
        } catch (IOException e) {
            System.err.println("cannot create run directory " + settings.runDir() + ": " + e.getMessage());
            return 1;
        }
        LogSetup.install("master", settings.logFile());
        try {
            takeover = Takeover.fromEnvironment();
            for (Worker w : settings.workers()) {
                ListenSocket ls = takeover != null ? takeover.listener(w) : null;
                if (ls == null && w.listen() != null)
                    ls = ListenSocket.open(w.listen(), w.reusePort(), 1024, w.unixSocketMode());
                if (ls != null) w.bind(-1, ls.url());
                addWorker(w, ls);
            }
            if (takeover != null) takeover.closeUnclaimed();
            // Taking over: bind beside the old master's sockets; the hand-over renames them over the old paths.
            Path workerPath = takeover != null ? Takeover.temporary(settings.workerSocket()) : settings.workerSocket();
            Path controlPath =
                    takeover != null ? Takeover.temporary(settings.controlSocket()) : settings.controlSocket();
            workerServer = new UnixServer(workerPath, "worker-link", ch -> ChildLink.serve(ch, this::enqueue));
            controlServer = new UnixServer(controlPath, "control", ch -> new ControlRequests(this).serve(ch));
            Path topicPath = takeover != null ? Takeover.temporary(settings.topicSocket()) : settings.topicSocket();
            launcher.sockets(workerPath, topicPath);
            topicServer = new UnixServer(topicPath, "topic-link", topics::serve);
            startTopicBridge();
            ControlConfig control = ControlConfig.fromEnvironment(settings.appName());
            if (takeover == null) {
                startEndpoints(control);
                writePidFile();
            } else {
                // The old master holds these ports until the hand-over.
                Thread.ofVirtual().name("weft-endpoints").start(() -> startEndpointsWhenFree(control));
            }
        } catch (Exception e) {
            LOG.log(ERROR, "master failed to start: " + e.getMessage());
            closeAll();
            return 1;
        }
        systemd = SystemdNotify.fromEnvironment(System.getenv(ChildEnv.DAEMON_NOTIFY) != null);
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
        if (upgradedTo == 0) {
            try {
                settings.onMasterStop().run();
            } catch (Throwable t) {
                LOG.log(ERROR, "onMasterStop failed", t);
            }
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
        advanceReload(now);
        recycle(now);
        heartbeat(now);
        publish();
        return true;
    }

    private void publish() {
        List<MasterSnapshot.Child> kids = new ArrayList<>();
        for (ChildProcess c : orderedChildren()) {
            kids.add(new MasterSnapshot.Child(
                    c.pid,
                    c.table.worker.name(),
                    c.slot,
                    c.table.listening(),
                    c.link,
                    c.startedAt,
                    c.home != null ? c.home.restarts : 0,
                    c.home != null ? c.home.recycles : 0,
                    c.role == ChildProcess.Role.STANDBY,
                    c.ready));
        }
        List<String> workers = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> ready = new LinkedHashMap<>();
        Map<String, Map<Integer, Long>> exits = new HashMap<>();
        for (SlotTable t : tables) {
            workers.add(t.worker.name());
            counts.put(t.worker.name(), t.count());
            ready.put(t.worker.name(), t.readySlots());
        }
        exitCounts.forEach((worker, byStatus) -> {
            Map<Integer, Long> copy = new TreeMap<>();
            byStatus.forEach((status, n) -> copy.put(status, n.get()));
            exits.put(worker, Collections.unmodifiableMap(copy));
        });
        List<String> failures = new ArrayList<>();
        for (SlotTable t : tables)
            for (int i = 0; i < t.count(); i++) if (t.slot(i).failure != null) failures.add(t.slot(i).failure);
        String reloadState = reload != null ? "running" : reloads.pending() ? "queued" : "idle";
        snapshot = new MasterSnapshot(
                state,
                startTime,
                List.copyOf(workers),
                Collections.unmodifiableMap(counts),
                List.copyOf(kids),
                Map.copyOf(exits),
                reloadState,
                List.copyOf(failures),
                recycleTotals(),
                Collections.unmodifiableMap(ready));
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
                    if (h.count() > 0 && h.count() != c.table.codeCount) codeCountChanged(c.table, h.count());
                }
            }
            case MasterEvent.Ready r -> handleReady(r.pid());
            case MasterEvent.StandbyReady r -> standbyReady(r.pid());
            case MasterEvent.Reload r -> requestReload(r.graceful(), r.answer(), r.done());
            case MasterEvent.Scale sc -> handleScale(sc);
            case MasterEvent.Upgrade u -> handleUpgrade(u);
            case MasterEvent.UpgradeReady u -> upgradeReady(u.pid());
            case MasterEvent.UpgradeFailed u -> upgradeFailed(u.pid(), u.why());
            case MasterEvent.FinalMetrics f -> {
                ChildProcess c = children.get(f.pid());
                String worker = c != null ? c.table.worker.name() : f.worker();
                counters.finalReport(f.pid(), worker, f.text());
            }
            case MasterEvent.Pong p -> {
                ChildProcess c = children.get(p.pid());
                if (c != null) {
                    c.lastAnswer = clock.getAsLong();
                    if (p.requests() >= 0) c.requests = p.requests();
                }
            }
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
            case "USR1" -> requestReload(false, null, null);
            case "HUP" -> requestReload(true, null, null);
            case "TTIN" -> scaleAll(+1);
            case "TTOU" -> scaleAll(-1);
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
        if (upgradedTo == 0) systemd.stopping(); // after an upgrade the service goes on, under the new master
        if (upgrade != null) {
            LOG.log(INFO, "stopping the new master " + upgrade.pid() + " of the upgrade too");
            launcher.terminate(upgrade.pid());
        }
        reload = null;
        reloads.abandon("the master is stopping (" + why + ")");
        for (ChildProcess c : children.values()) retire(c, false, graceful);
    }

    /**
     * A reload request (a signal or the CLI). It runs at once if the master is running and idle; while the
     * master starts or another reload runs it is queued, coalesced with the other queued ones, and runs
     * when that ends; while the master stops it is refused.
     *
     * @param answer told "started" or "queued: why", or failed with the refusal; may be null
     * @param done   told when the reload that covers this request has ended; may be null
     */
    private void requestReload(
            boolean graceful, CompletableFuture<String> answer, CompletableFuture<ReloadQueue.Outcome> done) {
        String mode = graceful ? " (graceful)" : "";
        if (state == State.SHUTDOWN) {
            LOG.log(INFO, "reload" + mode + " refused: the master is stopping");
            if (answer != null) answer.completeExceptionally(new IllegalStateException("the master is stopping"));
            return;
        }
        reloads.request(graceful, done);
        String what;
        if (state == State.STARTING) {
            what = "queued: the master is starting; it runs once every process is ready";
        } else if (reload != null) {
            what = "queued: a reload is running; this one follows it";
        } else {
            what = "started";
        }
        if (!what.equals("started")) LOG.log(INFO, "reload" + mode + " " + what);
        if (answer != null) answer.complete(what);
        advanceReload(clock.getAsLong());
    }

    /** Runs onMasterReload and starts a reload covering every queued request. */
    private void startReload() {
        ReloadRun run = reloads.take();
        LOG.log(INFO, "reloading" + (run.graceful ? " (graceful)" : ""));
        try {
            settings.onMasterReload().run();
        } catch (Throwable t) {
            LOG.log(ERROR, "onMasterReload failed; stopping", t);
            reloads.finished(run.generation, new ReloadQueue.Outcome(false, "onMasterReload failed: " + t));
            handleStop(false, "onMasterReload failed");
            return;
        }
        state = State.RELOADING;
        reload = run;
        systemd.reloading();
        // The standbys run the old code: they go first, and manage() starts new ones, which the reload then uses.
        for (SlotTable t : tables) {
            if (t.worker.reloadable())
                for (ChildProcess sb : List.copyOf(t.standbys))
                    if (sb.generation < run.generation) retire(sb, true, false);
        }
        for (SlotTable t : tables) {
            if (t.worker.reloadable()) continue;
            for (int slot = 0; slot < t.count(); slot++) {
                ChildProcess c = t.slot(slot).serving;
                if (c != null && c.link != null)
                    c.link.request("reload", Json.object().put("replace", false));
            }
        }
    }

    /**
     * Moves the reload along, one slot at a time: starts a queued reload once the master is running and
     * idle, (re)starts the current slot's replacement when its retry time has come, picks the next slot,
     * and ends the reload once no slot is left and its old processes have exited.
     */
    private void advanceReload(long now) {
        if (reload == null) {
            if (state != State.RUNNING || !reloads.pending()) return;
            startReload();
            if (reload == null) return;
        }
        ReloadRun run = reload;
        if (run.step == null) {
            if (!nextStep(run)) {
                if (!run.retirees.isEmpty()) return;
                endReload(run);
                advanceReload(now); // a reload queued meanwhile starts now
                return;
            }
        }
        Slot s = run.step;
        if (s.replacing == null && now - run.retryAt >= 0) {
            if (s.serving == null) {
                run.step = null; // crashed meanwhile: manage() respawns it with the new code
                advanceReload(now);
                return;
            }
            // A new standby on its way is faster than a fresh spawn: wait for it.
            if (run.stepTable.standbyStarting(run.generation)) return;
            if (fill(run.stepTable, s.index, ChildProcess.Role.REPLACEMENT, now) == null)
                replacementFailed(run, "cannot spawn", now);
        }
    }

    /** Picks the first slot the reload still has to replace; false if none is left. */
    private boolean nextStep(ReloadRun run) {
        for (SlotTable t : tables) {
            if (!t.worker.reloadable()) continue;
            for (int i = 0; i < t.count(); i++) {
                Slot s = t.slot(i);
                if (s.serving == null || s.replacing != null || run.givenUp.contains(s)) continue;
                if (s.serving.generation >= run.generation) continue;
                run.stepTable = t;
                run.step = s;
                run.attempts = 0;
                run.retryAt = clock.getAsLong();
                return true;
            }
        }
        return false;
    }

    /** The current slot's replacement did not become ready: retry with backoff, or give the slot up. */
    private void replacementFailed(ReloadRun run, String why, long now) {
        Slot s = run.step;
        run.attempts++;
        String where = "worker " + run.stepTable.worker.name() + " slot " + s.index;
        s.failure = "reload failed: " + where + ": " + why + " (attempt " + run.attempts + " of " + ReloadRun.ATTEMPTS
                + "; the slot keeps its old process)";
        if (run.attempts >= ReloadRun.ATTEMPTS) {
            LOG.log(ERROR, s.failure);
            if (run.failure == null) run.failure = s.failure;
            run.givenUp.add(s);
            run.step = null;
            return;
        }
        long delay = Math.min(Backoff.BASE.toMillis() << (run.attempts - 1), backoffCap.toMillis());
        run.retryAt = now + delay * 1_000_000L;
        LOG.log(WARNING, s.failure + "; retry in " + delay + " ms");
    }

    private void endReload(ReloadRun run) {
        reload = null;
        if (state == State.RELOADING) state = State.RUNNING;
        ReloadQueue.Outcome outcome = run.failure == null
                ? new ReloadQueue.Outcome(true, "reload done")
                : new ReloadQueue.Outcome(false, run.failure);
        LOG.log(run.failure == null ? INFO : ERROR, outcome.message());
        reloads.finished(run.generation, outcome);
        systemd.ready(outcome.message());
    }

    private void handleReady(long pid) {
        ChildProcess c = children.get(pid);
        if (c == null) return;
        c.ready = true;
        c.lastAnswer = clock.getAsLong();
        Slot s = c.home;
        if (c.role == ChildProcess.Role.REPLACEMENT && s.replacing == c) {
            ChildProcess old = s.serving;
            s.serving = c;
            s.replacing = null;
            c.role = ChildProcess.Role.SERVING;
            ReloadRun run = reload;
            boolean reloadStep = run != null && run.step == s;
            if (old != null && old.recycleReason != null && !reloadStep) {
                old.recycled = true;
                retire(old, false, true);
            } else {
                s.failure = null;
                if (old != null) {
                    retire(old, true, run != null && run.graceful);
                    if (run != null) run.retirees.add(old.pid);
                }
            }
            if (reloadStep) run.step = null;
        }
        if (state == State.STARTING && tables.stream().allMatch(SlotTable::allReady)) {
            state = State.RUNNING;
            LOG.log(INFO, "all " + children.size() + " processes ready");
            if (takeover != null) {
                handOver();
            } else {
                notifyDaemonLauncher();
                systemd.ready("all " + children.size() + " processes ready");
            }
        }
    }

    /** Tells a child to stop (or to retire for reload) and sets its SIGKILL deadline. */
    private void retire(ChildProcess c, boolean reload, boolean graceful) {
        if (c.role == ChildProcess.Role.RETIRING && c.killAt != 0) return;
        SlotTable t = c.table;
        Slot s = c.home;
        if (s != null && s.serving == c) s.serving = null;
        if (s != null && s.replacing == c) s.replacing = null;
        t.standbys.remove(c);
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
        Slot s = c.home;
        int status = ws.status();
        if (c.role == ChildProcess.Role.STANDBY) standbyExited(c, now);
        if (status != 0) LOG.log(WARNING, c.tag() + " exit with status " + status + " (" + ws + ")");
        counters.exited(c.pid, t.worker.name());
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
        if (c.recycled && s != null) {
            s.recycles++;
            recycleCounts
                    .computeIfAbsent(t.worker.name(), k -> new AtomicLong())
                    .incrementAndGet();
        }
        if (s == null) {
            // a standby, or one retired before it was given a slot: no slot to free
        } else if (s.serving == c) {
            s.serving = null;
            if (state != State.SHUTDOWN) s.restarts++;
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
            ReloadRun run = reload;
            String why = "replacement " + c.pid
                    + (c.killed ? " was killed (not ready in time)" : " exited with status " + status)
                    + " before it was ready";
            if (run != null && run.step == s) {
                replacementFailed(run, why, now);
            } else {
                LOG.log(WARNING, why + "; slot " + c.slot + " keeps its old process");
                ChildProcess old = s.serving;
                if (old != null && old.recycleReason != null) {
                    old.recycleReason = null; // try recycling it again later
                    old.recycleNotBefore = now + RECYCLE_RETRY.toNanos();
                }
            }
        }
        if (reload != null) reload.retirees.remove(c.pid);
    }

    // --- upgrade ---------------------------------------------------------------------------------------

    /** {@code weft upgrade}: starts a new master from the code on disk, if this one is running and idle. */
    private void handleUpgrade(MasterEvent.Upgrade u) {
        String refused =
                switch (state) {
                    case STARTING -> "the master is starting";
                    case RELOADING -> "a reload is running; upgrade once it has ended";
                    case SHUTDOWN -> "the master is stopping";
                    case RUNNING -> upgrade != null ? "an upgrade to master " + upgrade.pid() + " is running" : null;
                };
        if (refused == null && (reload != null || reloads.pending())) refused = "a reload is queued";
        if (refused != null) {
            LOG.log(INFO, "upgrade refused: " + refused);
            u.answer().completeExceptionally(new IllegalStateException(refused));
            return;
        }
        List<InheritedListeners.Entry> listeners = new ArrayList<>();
        for (SlotTable t : tables) {
            if (t.listener != null)
                listeners.add(new InheritedListeners.Entry(
                        t.listener.fd(), t.worker.name(), t.worker.listen(), t.listener.url()));
        }
        long pid;
        try {
            pid = launcher.spawnMaster(listeners, this::enqueue);
        } catch (RuntimeException e) {
            LOG.log(ERROR, "upgrade: cannot start a new master: " + e.getMessage());
            u.answer().completeExceptionally(new IllegalStateException("cannot start a new master: " + e.getMessage()));
            return;
        }
        upgrade = new UpgradeRun(pid, u.done());
        LOG.log(INFO, "upgrade: new master " + pid + " starting with " + listeners.size() + " listening sockets");
        u.answer().complete("started: new master " + pid);
    }

    /**
     * The new master has every process ready and serves the control socket's path now: stop serving ours
     * (leaving the paths, which are its own now), free the HTTP ports for it, and retire every child gracefully.
     */
    private void upgradeReady(long pid) {
        UpgradeRun run = upgrade;
        if (run == null || run.pid() != pid) return;
        upgrade = null;
        upgradedTo = pid;
        LOG.log(INFO, "upgrade: master " + pid + " took over; retiring this master's processes");
        if (controlServer != null) controlServer.release();
        if (workerServer != null) workerServer.release();
        // Topics still flow among this master's retiring children over their open links.
        if (topicServer != null) topicServer.release();
        closeEndpoints();
        run.done().complete(new ReloadQueue.Outcome(true, "master " + pid + " took over"));
        handleStop(true, "upgraded to master " + pid);
    }

    /** The new master failed: this one goes on as before, and the new one's half-made sockets go. */
    private void upgradeFailed(long pid, String why) {
        UpgradeRun run = upgrade;
        if (run == null || run.pid() != pid) return;
        upgrade = null;
        LOG.log(
                ERROR,
                "upgrade failed: " + why + "; master " + ProcessHandle.current().pid() + " stays");
        try {
            Files.deleteIfExists(Takeover.temporary(settings.controlSocket(), pid));
            Files.deleteIfExists(Takeover.temporary(settings.workerSocket(), pid));
            Files.deleteIfExists(Takeover.temporary(settings.topicSocket(), pid));
        } catch (IOException ignored) {
            // leftovers are harmless: the next master deletes them before binding
        }
        run.done().complete(new ReloadQueue.Outcome(false, why));
    }

    /**
     * The new master's side, once every process is ready: move the worker and control sockets onto their
     * paths (rename(2) over the old master's: never unlinked in between), write the pid file, tell systemd
     * the new main pid and the old master that it may retire.
     */
    private void handOver() {
        Takeover t = takeover;
        takeover = null;
        try {
            workerServer.moveTo(settings.workerSocket());
            topicServer.moveTo(settings.topicSocket());
            launcher.sockets(settings.workerSocket(), settings.topicSocket());
            controlServer.moveTo(settings.controlSocket());
            writePidFile();
            t.unlinkUnclaimed();
            systemd.mainPid(ProcessHandle.current().pid(), "took over from master " + t.from());
            t.ready(children.size());
            LOG.log(INFO, "took over from master " + t.from());
        } catch (IOException e) {
            LOG.log(ERROR, "upgrade hand-over failed: " + e.getMessage() + "; stopping");
            handleStop(false, "hand-over failed");
        }
    }

    private void writePidFile() throws IOException {
        Path tmp = Takeover.temporary(settings.pidFile());
        Files.writeString(tmp, ProcessHandle.current().pid() + "\n");
        Files.move(tmp, settings.pidFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void startEndpoints(ControlConfig control) throws IOException {
        if (control.metrics() != null && metrics == null) {
            metrics = MasterControl.startMetrics(control.metrics(), fanout, exitCounts, restartCounts, counters);
            Health.serve(metrics, this::snapshot);
        }
        if (control.health() != null && health == null) {
            health = MetricsServer.open(control.health());
            Health.serve(health, this::snapshot);
            LOG.log(INFO, "health on http://" + control.health() + "/healthz and /readyz");
        }
        DashboardConfig dash = DashboardConfig.fromEnvironment();
        if (dash.enabled() && dashboard == null) {
            dashboard = Dashboard.start(dash, new MasterDashboard(this, control), System.out);
        }
    }

    /** Taking over: the old master frees the HTTP ports at the hand-over; bind them as soon as they are free. */
    private void startEndpointsWhenFree(ControlConfig control) {
        long deadline = System.nanoTime() + UpgradeSpawn.TIMEOUT.toNanos() * 2;
        while (state != State.SHUTDOWN) {
            try {
                startEndpoints(control);
                return;
            } catch (java.net.BindException e) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.log(ERROR, "metrics/health/dashboard address still in use: " + e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(50); // polling a port another process frees: there is nothing to wait on
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(ERROR, "cannot serve metrics/health/dashboard: " + e.getMessage());
                return;
            }
        }
    }

    private void closeEndpoints() {
        MetricsServer m = metrics, h = health;
        Dashboard d = dashboard;
        if (m != null) m.close();
        if (h != null) h.close();
        if (d != null) d.close();
    }

    // --- scaling -----------------------------------------------------------------------------------

    /** {@code weft scale WORKER N}. */
    private void handleScale(MasterEvent.Scale sc) {
        if (state == State.SHUTDOWN) {
            sc.answer().completeExceptionally(new IllegalStateException("the master is stopping"));
            return;
        }
        SlotTable t = tables.stream()
                .filter(x -> x.worker.name().equals(sc.worker()))
                .findFirst()
                .orElse(null);
        if (t == null) {
            sc.answer().completeExceptionally(new IllegalArgumentException("no Worker named " + sc.worker()));
            return;
        }
        if (sc.count() < 1) {
            sc.answer().completeExceptionally(new IllegalArgumentException("count must be >= 1: " + sc.count()));
            return;
        }
        int from = t.count();
        scale(t, sc.count(), "weft scale");
        sc.answer().complete(t.worker.name() + ": " + from + " -> " + sc.count() + " processes");
    }

    /** TTIN / TTOU: one process more or less for every scalable Worker, never fewer than one. */
    private void scaleAll(int delta) {
        if (state == State.SHUTDOWN) return;
        for (SlotTable t : tables) {
            if (t.worker.scalable()) scale(t, Math.max(1, t.count() + delta), delta > 0 ? "SIGTTIN" : "SIGTTOU");
        }
    }

    /** A child ran code whose {@code count(n)} differs from the code the master knew: apply it. */
    private void codeCountChanged(SlotTable t, int count) {
        t.codeCount = count;
        if (state != State.SHUTDOWN) scale(t, count, "the new code says count(" + count + ")");
    }

    /**
     * Sets a Worker's number of processes. New slots are filled by manage(); removed slots are the highest,
     * and their children retire gracefully (a replacement starting for one is stopped).
     */
    private void scale(SlotTable t, int count, String why) {
        if (count == t.count()) return;
        LOG.log(INFO, "worker " + t.worker.name() + ": " + t.count() + " -> " + count + " processes (" + why + ")");
        for (Slot s : t.resize(count)) {
            if (reload != null && reload.step == s) reload.step = null;
            if (s.replacing != null) retire(s.replacing, false, false);
            if (s.serving != null) retire(s.serving, false, true);
        }
    }

    private void manage(long now) {
        if (state == State.SHUTDOWN) return;
        for (SlotTable t : tables) {
            for (int slot = 0; slot < t.count(); slot++) {
                Slot s = t.slot(slot);
                if (s.empty() && now - s.notBefore >= 0) fill(t, slot, ChildProcess.Role.SERVING, now);
            }
            // Standbys once the slots are served: they must not slow the start down.
            int target = standbyTarget(t);
            while (state != State.STARTING && t.standbys.size() < target && now - t.standbyNotBefore >= 0) {
                if (spawn(t, -1, ChildProcess.Role.STANDBY, now) == null) break;
            }
            if (state == State.RUNNING && t.standbys.size() > target) {
                retire(t.standbys.getLast(), false, false); // the reload's extra one
            }
        }
    }

    /**
     * How many standbys a Worker keeps: its {@code standby(n)}, and one more while a reload still has more
     * than one of its slots to replace, so two JVMs warm up at once and the reload's steps follow each other
     * at about half a JVM start each on two cores instead of a whole one.
     */
    private int standbyTarget(SlotTable t) {
        int n = t.worker.standby();
        ReloadRun run = reload;
        if (n == 0 || run == null || !t.worker.reloadable()) return n;
        int left = 0;
        for (int i = 0; i < t.count(); i++) {
            Slot s = t.slot(i);
            if (s.serving != null && s.replacing == null && s.serving.generation < run.generation) left++;
        }
        return left > 1 ? n + 1 : n;
    }

    /**
     * Recycles serving children past their Worker's maxRequests or maxMemory: starts a replacement for the
     * slot; once it is ready, the old child stops gracefully (see handleReady). One check of the memory per
     * child per second.
     */
    private void recycle(long now) {
        if (state != State.RUNNING && state != State.RELOADING) return;
        for (SlotTable t : tables) {
            Worker w = t.worker;
            if (w.maxRequests() == 0 && w.maxMemory() == 0) continue;
            for (int i = 0; i < t.count(); i++) {
                Slot s = t.slot(i);
                ChildProcess c = s.serving;
                if (c == null || !c.ready || s.replacing != null || c.recycleReason != null) continue;
                if (now - c.recycleNotBefore < 0 || (reload != null && reload.step == s)) continue;
                String why = null;
                if (c.requestLimit > 0 && c.requests >= c.requestLimit) {
                    why = "served " + c.requests + " requests (maxRequests " + w.maxRequests() + ")";
                } else if (w.maxMemory() > 0 && now - c.memoryCheckedAt >= MEMORY_CHECK.toNanos()) {
                    c.memoryCheckedAt = now;
                    long rss = launcher.rss(c.pid);
                    if (rss > w.maxMemory()) why = "uses " + rss + " bytes (maxMemory " + w.maxMemory() + ")";
                }
                if (why == null) continue;
                LOG.log(INFO, "recycling " + c.tag() + ": " + why + "; its replacement starts first");
                if (fill(t, i, ChildProcess.Role.REPLACEMENT, now) == null) {
                    c.recycleNotBefore = now + RECYCLE_RETRY.toNanos();
                } else {
                    c.recycleReason = why;
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
            long pid = c.pid;
            link.request("ping", null)
                    .thenAccept(r -> enqueue(new MasterEvent.Pong(
                            pid, r == null ? -1 : r.path("requests").asLong(-1))));
        }
    }

    // --- spawning ----------------------------------------------------------------------------------

    /**
     * Gives slot {@code slot} a child in {@code role} (SERVING or REPLACEMENT): the oldest ready standby of
     * the current code if there is one (it takes over within milliseconds), else a new process.
     *
     * @return the child, or null if none could be spawned
     */
    private ChildProcess fill(SlotTable t, int slot, ChildProcess.Role role, long now) {
        ChildProcess sb = t.readyStandby(reloads.generation());
        if (sb == null || sb.link == null) return spawn(t, slot, role, now);
        Slot s = t.slot(slot);
        t.standbys.remove(sb);
        sb.take(s, role, now);
        if (role == ChildProcess.Role.REPLACEMENT) s.replacing = sb;
        else s.serving = sb;
        LOG.log(INFO, sb.tag() + " standby takes slot " + slot);
        sb.link.request("take", Json.object().put("slot", slot));
        return sb;
    }

    /** A standby is warm and waits: it may now take a slot. */
    private void standbyReady(long pid) {
        ChildProcess c = children.get(pid);
        if (c == null || c.role != ChildProcess.Role.STANDBY) return;
        c.ready = true;
        c.lastAnswer = clock.getAsLong();
        c.table.standbyBackoff.reset();
    }

    /** A standby died (or was retired) before it took a slot: the next one starts after a crash backoff. */
    private void standbyExited(ChildProcess c, long now) {
        SlotTable t = c.table;
        t.standbys.remove(c);
        if (c.ready && now - c.spawnedAt >= CRASH_WINDOW.toNanos()) return;
        Duration d = t.standbyBackoff.crashed();
        t.standbyNotBefore = now + d.toNanos();
        LOG.log(
                WARNING,
                "a standby of worker " + t.worker.name() + " died before it was ready; next in " + d.toMillis()
                        + " ms");
    }

    /** Spawns a child for {@code slot}, or a standby for slot -1. */
    private ChildProcess spawn(SlotTable t, int slot, ChildProcess.Role role, long now) {
        Slot s = slot >= 0 ? t.slot(slot) : null;
        long pid;
        try {
            pid = launcher.spawn(t.worker, slot, t.listener);
        } catch (RuntimeException e) {
            Duration d = s != null ? s.backoff.crashed() : t.standbyBackoff.crashed();
            if (s != null) s.notBefore = now + d.toNanos();
            else t.standbyNotBefore = now + d.toNanos();
            LOG.log(
                    ERROR,
                    "cannot spawn a child for worker " + t.worker.name() + ": " + e.getMessage() + "; retry in "
                            + d.toMillis() + " ms");
            return null;
        }
        ChildProcess c = new ChildProcess(pid, t, slot, role, now, reloads.generation());
        if (t.worker.maxRequests() > 0) {
            long extra = t.worker.maxRequestsJitter() > 0 ? jitter.nextLong(t.worker.maxRequestsJitter() + 1) : 0;
            c.requestLimit = t.worker.maxRequests() + extra;
        }
        children.put(pid, c);
        if (role == ChildProcess.Role.STANDBY) t.standbys.add(c);
        else if (role == ChildProcess.Role.REPLACEMENT) s.replacing = c;
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
        for (String name : List.of("INT", "TERM", "HUP", "USR1", "USR2", "IO", "TTIN", "TTOU")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> enqueue(new MasterEvent.Signal(name)));
            } catch (IllegalArgumentException e) {
                LOG.log(WARNING, "cannot handle SIG" + name + ": " + e.getMessage());
            }
        }
    }

    /** Joins the masters of the app on other machines through Redis, when configured. */
    private void startTopicBridge() {
        TopicConfig config = TopicConfig.fromEnvironment(settings.appName());
        if (config.redis() == null) return;
        new RedisBridge(java.net.URI.create(config.redis()), config.app(), topics).start();
        LOG.log(INFO, "topics shared through " + config.redis() + " as app " + config.app());
    }

    private void closeAll() {
        if (topicServer != null) topicServer.close();
        topics.close();
        if (workerServer != null) workerServer.close();
        if (controlServer != null) controlServer.close();
        closeEndpoints();
        for (SlotTable t : tables) if (t.listener != null) t.listener.close();
        // A Unix socket's file goes with the master, unless a new master serves it now (an upgrade), or this
        // one is a new master that never took over and inherited it (its old master still serves it).
        for (SlotTable t : tables) {
            if (t.listener != null && upgradedTo == 0 && (takeover == null || t.listener.created()))
                t.listener.unlink();
        }
        // After an upgrade the files are the new master's; a master that never took over never owned them.
        if (upgradedTo != 0 || takeover != null) return;
        try {
            Files.deleteIfExists(settings.statusFile());
            Files.deleteIfExists(settings.connectionsFile());
            Files.deleteIfExists(settings.pidFile());
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private Map<String, Long> recycleTotals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (SlotTable t : tables) {
            AtomicLong n = recycleCounts.get(t.worker.name());
            if (n != null) totals.put(t.worker.name(), n.get());
        }
        return Collections.unmodifiableMap(totals);
    }

    /** Live children in Worker order then slot order (for the snapshot). */
    private List<ChildProcess> orderedChildren() {
        List<ChildProcess> list = new ArrayList<>(children.values());
        list.sort(Comparator.comparingInt((ChildProcess c) -> c.table.worker.index())
                .thenComparingInt(c -> c.slot < 0 ? Integer.MAX_VALUE : c.slot) // standbys last
                .thenComparingLong(c -> c.spawnedAt));
        return list;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
