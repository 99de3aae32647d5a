package dev.weft.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.coroutine.EventLoops;
import dev.weft.server.internal.cli.ControlClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real master process (running {@code TestApp start}) with its children, plus helpers to run CLI
 * commands as real processes and to read status over the control socket.
 */
final class Cluster implements AutoCloseable {
    static final String MAIN = "dev.weft.server.testapp.TestApp";
    final Path dir;
    final Path runDir;
    final Map<String, String> props;
    final Process master;
    final Path log;
    /** Extra environment of the master (and so of its children) and of every CLI process. */
    final Map<String, String> env;

    private Cluster(Path dir, Map<String, String> props, Process master, Path log, Map<String, String> env) {
        this.dir = dir;
        this.runDir = dir.resolve("run");
        this.props = props;
        this.master = master;
        this.log = log;
        this.env = env;
    }

    /** Starts a foreground master and waits until {@code processes} children are idle. */
    static Cluster start(Path dir, Map<String, String> props, int processes) throws IOException {
        return startWith(dir, props, processes, List.of());
    }

    /** Like {@link #start} with extra JVM options for the master (and so for its children). */
    static Cluster startWith(Path dir, Map<String, String> props, int processes, List<String> jvm) throws IOException {
        return startWith(dir, props, processes, jvm, Map.of());
    }

    /**
     * Like {@link #start} with extra JVM options, extra environment variables (the master passes its
     * environment on to its children; the CLI runs with them too) and extra arguments after {@code start}.
     */
    static Cluster startWith(
            Path dir,
            Map<String, String> props,
            int processes,
            List<String> jvm,
            Map<String, String> env,
            String... startArgs)
            throws IOException {
        Path log = dir.resolve("master.out");
        List<String> args = new ArrayList<>(List.of("start"));
        args.addAll(List.of(startArgs));
        List<String> cmd = command(dir, props, args.toArray(String[]::new));
        cmd.addAll(1, jvm);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process p = pb.start();
        Cluster c = new Cluster(dir, props, p, log, env);
        if (processes > 0) c.awaitIdle(processes);
        return c;
    }

    /**
     * The master runs on event loops as under {@code ./weft}; the fallback-scheduler test run
     * ({@code -Dweft.loop=false}) passes its mode on to the master and, through its JVM options, to the children.
     */
    static void schedulerFlags(List<String> cmd) {
        cmd.add(EventLoops.ADD_OPENS);
        String loop = System.getProperty("weft.loop");
        if (loop != null) cmd.add("-Dweft.loop=" + loop);
    }

    static List<String> command(Path dir, Map<String, String> props, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        // Small, fast-starting JVMs: the suite shares two cores with other builds.
        cmd.add("--enable-native-access=ALL-UNNAMED");
        schedulerFlags(cmd);
        if (!Boolean.getBoolean("bench.plainJvm")) {
            cmd.addAll(List.of(
                    "-Xmx" + System.getProperty("cluster.xmx", "48m"),
                    "-Xss512k",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:-UsePerfData"));
        }
        cmd.add("-Dapp.dir=" + dir.resolve("run"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(MAIN);
        cmd.addAll(List.of(args));
        return cmd;
    }

    record CliResult(int code, String out, String err) {}

    /** Runs the CLI as a process of its own. */
    CliResult cli(String... args) throws IOException, InterruptedException {
        return cli(dir, props, env, args);
    }

    static CliResult cli(Path dir, Map<String, String> props, String... args) throws IOException, InterruptedException {
        return cli(dir, props, Map.of(), args);
    }

    static CliResult cli(Path dir, Map<String, String> props, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(command(dir, props, args))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("CLI " + List.of(args) + " did not finish");
        }
        return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Settings settings() {
        return settings(runDir);
    }

    static Settings settings(Path runDir) {
        return new Settings(
                "app", runDir, null, null, null, Duration.ofSeconds(1), List.of(), () -> {}, () -> {}, List.of());
    }

    /** The status document, read over the control socket in-process (cheap enough to poll). */
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

    void awaitIdle(int processes) {
        awaitIdle(processes, true);
    }

    /**
     * Waits until {@code processes} children are idle (standbys count, as "standby"), whichever master
     * answers on the control socket.
     *
     * @param ownMaster fail at once if the master this cluster started dies (false after an upgrade, when
     *                  another master has taken over)
     */
    void awaitIdle(int processes, boolean ownMaster) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (ownMaster && !master.isAlive()) throw new IllegalStateException("master died:\n" + log());
                    JsonNode s = statusOrNull();
                    if (s == null || s.path("processes").size() != processes) return false;
                    for (JsonNode p : s.path("processes"))
                        if (!p.path("status").asText().matches("idle|standby")) return false;
                    return true;
                });
    }

    /** pid by slot of one worker's live children. */
    List<Long> pids(String worker) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (JsonNode p : status().path("processes"))
            if (p.path("worker").asText().equals(worker)) pids.add(p.path("pid").asLong());
        return pids;
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

    List<String> events() {
        try {
            Path f = runDir.resolve("events");
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void signal(long pid, String sig) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
                .inheritIO()
                .start();
        k.waitFor(10, TimeUnit.SECONDS);
    }

    static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    /** Stops the master if it still runs, and makes sure no process of this cluster survives the test. */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> all = new ArrayList<>(master.descendants().toList());
        if (master.isAlive()) {
            master.destroy(); // SIGTERM: a normal stop
            if (!master.waitFor(15, TimeUnit.SECONDS)) master.destroyForcibly();
        }
        List<Long> survivors = new ArrayList<>();
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                survivors.add(h.pid());
                h.destroyForcibly();
            }
        }
        if (!survivors.isEmpty()) throw new AssertionError("children outlived the master: " + survivors);
    }
}
