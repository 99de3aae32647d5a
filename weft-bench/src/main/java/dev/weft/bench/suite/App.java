package dev.weft.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.coroutine.EventLoops;
import dev.weft.server.Settings;
import dev.weft.server.internal.cli.ControlClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running {@link SuiteApp} master (a foreground {@code start} process) with its children, plus the
 * CLI as separate processes and the status document over the control socket.
 */
final class App implements AutoCloseable {
    static final String MAIN = SuiteApp.class.getName();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Small, fast-starting JVMs: the suites share two cores with other builds. */
    static final List<String> SMALL_JVM =
            List.of("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    final Path dir;
    final Path runDir;
    final Map<String, String> props;
    final Map<String, String> env;
    final Process master;
    final Path log;

    private App(Path dir, Map<String, String> props, Map<String, String> env, Process master) {
        this.dir = dir;
        this.runDir = dir.resolve("run");
        this.props = props;
        this.env = env;
        this.master = master;
        this.log = dir.resolve("master.out");
    }

    /** Starts a foreground master and waits (at most 90 s) until {@code processes} children answer status. */
    static App start(Path dir, Map<String, String> props, Map<String, String> env, int processes)
            throws IOException, InterruptedException {
        return start(dir, props, env, processes, List.of());
    }

    /** Like {@link #start} with extra JVM options for the master (children inherit them, before their Worker's own). */
    static App start(
            Path dir, Map<String, String> props, Map<String, String> env, int processes, List<String> masterJvm)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("run"));
        List<String> cmd = command(dir, props, "start");
        cmd.addAll(1 + 1 + SMALL_JVM.size(), masterJvm);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("master.out").toFile());
        pb.environment().putAll(env);
        App app = new App(dir, props, env, pb.start());
        // A suite driver that is interrupted (Ctrl+C, SIGTERM, a CI timeout) still takes its processes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<ProcessHandle> kids = app.master.descendants().toList();
            app.master.destroy();
            try {
                app.master.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            app.master.destroyForcibly();
            kids.forEach(ProcessHandle::destroyForcibly);
        }));
        app.awaitIdle(processes, Duration.ofSeconds(90));
        return app;
    }

    static List<String> command(Path dir, Map<String, String> props, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add(EventLoops.ADD_OPENS); // event loops in the master too, as under ./weft
        cmd.addAll(SMALL_JVM);
        cmd.add("-Dsuite.dir=" + dir.resolve("run"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(aotOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> aot;

    /**
     * The AOT cache options of every JVM a suite starts (master, children, CLI), as {@code ./weft} gives the
     * demo's JVMs theirs (JEP 483/514): the cache is trained once per build of the weft-bench jar by
     * {@link SuiteTraining}, with the same JVM options and class path, and kept beside the jar. Empty (no cache)
     * with {@code -Dsuite.aot=false}, when the class path holds a directory (the JDK refuses a cache then;
     * {@code run-suite} runs from the jar) or when the training fails.
     */
    static synchronized List<String> aotOptions() {
        if (aot != null) return aot;
        aot = List.of();
        String cp = System.getProperty("java.class.path");
        if (!Boolean.parseBoolean(System.getProperty("suite.aot", "true"))) return aot;
        Path jar = null;
        for (String e : cp.split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (!e.endsWith(".jar")) return aot;
            if (p.getFileName().toString().startsWith("weft-bench")) jar = p;
        }
        if (jar == null) return aot;
        List<String> options = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", EventLoops.ADD_OPENS));
        options.addAll(SMALL_JVM);
        long stamp;
        try {
            stamp = Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return aot;
        }
        Path cache = jar.resolveSibling(
                "suite-" + Integer.toHexString((String.join(" ", options) + cp + stamp).hashCode()) + ".aot");
        List<String> use = List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off");
        if (Files.isRegularFile(cache)) return aot = use;
        try {
            Path tmp = Files.createTempFile(cache.getParent(), "suite-training", ".aot");
            Path out = cache.resolveSibling(cache.getFileName() + ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElseThrow());
            cmd.addAll(options);
            cmd.addAll(List.of("-XX:AOTCacheOutput=" + tmp, "-Xlog:aot=off", "-Xlog:cds=off", "-cp", cp));
            cmd.add(SuiteTraining.class.getName());
            System.out.println("suite: training the AOT cache of the suites' JVMs (" + cache.getFileName() + ")");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(tmp) > 0) {
                // readable by all: ControlSuite runs CLI processes as another user
                Files.setPosixFilePermissions(
                        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, cache, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return aot = use;
            }
            p.destroyForcibly();
            Files.deleteIfExists(tmp);
            System.out.println("suite: AOT training failed (see " + out + "); the suites' JVMs run without a cache");
        } catch (IOException e) {
            System.out.println("suite: AOT training failed: " + e + "; the suites' JVMs run without a cache");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return aot;
    }

    record CliResult(int code, String out, String err, long millis) {}

    /** Runs the CLI as a process of its own (at most 120 s). */
    CliResult cli(String... args) throws IOException, InterruptedException {
        return cliAs(List.of(), args);
    }

    /** Runs the CLI behind a prefix such as {@code setpriv --reuid=nobody ...}. */
    CliResult cliAs(List<String> prefix, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command(dir, props, args));
        cmd.add(
                1 + prefix.size() + 1 + SMALL_JVM.size(),
                "-Xmx1g"); // co list of a million coroutines is a big document
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("CLI " + List.of(args) + " did not finish in 120 s");
        }
        return new CliResult(
                p.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - t0) / 1_000_000);
    }

    Settings settings() {
        return new Settings(
                "suite", runDir, null, null, null, Duration.ofSeconds(5), List.of(), () -> {}, () -> {}, List.of());
    }

    /** The status document over the control socket, in-process (cheap enough to poll). */
    JsonNode status() throws IOException {
        return ControlClient.call(settings(), "status", null);
    }

    JsonNode statusOrNull() {
        try {
            return status();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Set once an {@code upgrade} has been asked for: the master this App started may then exit, and another
     * one (the pid in status) serves the control socket.
     */
    volatile boolean upgraded;

    /** Polls status every 100 ms until {@code ok} holds; fails after {@code limit} or when the master died. */
    JsonNode await(String what, Duration limit, Predicate<JsonNode> ok) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!upgraded && !master.isAlive())
                throw new IllegalStateException("master died while waiting for " + what + ":\n" + log());
            JsonNode s = statusOrNull();
            if (s != null && ok.test(s)) return s;
            Thread.sleep(100); // poll interval, not synchronisation: the condition is re-checked
        }
        throw new IllegalStateException(
                "timed out after " + limit + " waiting for " + what + "; last status: " + statusOrNull());
    }

    void awaitIdle(int processes, Duration limit) throws InterruptedException {
        await(processes + " idle processes", limit, s -> allIdle(s, processes));
    }

    static boolean allIdle(JsonNode s, int processes) {
        if (s.path("processes").size() != processes) return false;
        for (JsonNode p : s.path("processes")) if (!p.path("status").asText().matches("idle|standby")) return false;
        return true;
    }

    /** pid by slot of one worker's children, from a status document. */
    static List<Long> pids(JsonNode status, String worker) {
        List<Long> pids = new ArrayList<>();
        for (JsonNode p : status.path("processes"))
            if (p.path("worker").asText().equals(worker)) pids.add(p.path("pid").asLong());
        return pids;
    }

    List<Long> pids(String worker) throws IOException {
        return pids(status(), worker);
    }

    /** Every child pid by worker:slot. */
    Map<String, Long> allPids() throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (JsonNode p : status().path("processes"))
            m.put(
                    p.path("worker").asText() + ":" + p.path("id").asText(),
                    p.path("pid").asLong());
        return m;
    }

    int port(String worker) throws IOException {
        for (JsonNode p : status().path("processes")) {
            if (p.path("worker").asText().equals(worker)) {
                String url = p.path("listening").asText();
                return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
            }
        }
        throw new IllegalStateException("no worker " + worker);
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the master if it still runs and makes sure no process of this app survives; returns the survivors it had to kill. */
    List<Long> stopAndReap() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(master.descendants().toList());
        JsonNode s = upgraded ? statusOrNull() : null;
        ProcessHandle current = s == null
                ? null
                : ProcessHandle.of(s.path("master").path("pid").asLong()).orElse(null);
        if (current != null && current.pid() != master.pid()) {
            // The master an upgrade started is no descendant of ours once the old one has exited.
            all.addAll(current.descendants().toList());
            current.destroy();
            try {
                current.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                current.destroyForcibly();
            }
        }
        if (master.isAlive()) {
            master.destroy(); // SIGTERM: a normal stop
            if (!master.waitFor(30, TimeUnit.SECONDS)) master.destroyForcibly();
        }
        List<Long> survivors = new ArrayList<>();
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                survivors.add(h.pid());
                h.destroyForcibly();
            }
        }
        return survivors;
    }

    @Override
    public void close() throws Exception {
        List<Long> survivors = stopAndReap();
        if (!survivors.isEmpty()) throw new IllegalStateException("children outlived the master: " + survivors);
    }
}
