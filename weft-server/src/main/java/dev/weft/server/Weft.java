package dev.weft.server;

import dev.weft.server.internal.cli.WeftCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point: global settings, master callbacks, and {@link #runAll}, which is the CLI
 * ({@code start | stop | restart | reload | status | connections}) in the master and the worker runtime
 * in a child.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Worker web = new Worker("http://127.0.0.1:8080");
 *     web.name("web").count(4).reloadable(true);
 *     Weft.runAll(args);
 * }
 * }</pre>
 *
 * Run it with {@code java --enable-native-access=ALL-UNNAMED -cp ... Main start}: the master opens the
 * listening sockets and spawns children through the FFM API (Linux x86_64, glibc 2.34 or newer).
 */
public final class Weft {
    /** The Weft version shown by {@code status}. */
    public static final String VERSION = versionOf();

    private static final List<Worker> WORKERS = new ArrayList<>();
    private static final List<Object> SUBCOMMANDS = new ArrayList<>();
    private static Path runDir = Path.of("run");
    private static Path pidFile;
    private static Path logFile;
    private static Path stdoutFile;
    private static String appName;
    private static Duration commandTimeout = Duration.ofSeconds(1);
    private static Runnable onMasterReload = () -> {};
    private static Runnable onMasterStop = () -> {};

    private Weft() {}

    static synchronized int register(Worker w) {
        WORKERS.add(w);
        return WORKERS.size() - 1;
    }

    /** Directory for the pid file, sockets, status files and logs (default {@code ./run}). */
    public static synchronized void runDir(String dir) {
        runDir = Path.of(dir);
    }

    /** The pid file (default {@code <runDir>/<appName>.pid}). */
    public static synchronized void pidFile(String file) {
        pidFile = Path.of(file);
    }

    /** The master's log file (default {@code <runDir>/<appName>.log}). */
    public static synchronized void logFile(String file) {
        logFile = Path.of(file);
    }

    /** Where a daemon's stdout and stderr (and its children's) go (default {@code <runDir>/<appName>.stdout.log}). */
    public static synchronized void stdoutFile(String file) {
        stdoutFile = Path.of(file);
    }

    /** The name used for the files in the run directory (default: the main class's simple name, lower case). */
    public static synchronized void appName(String name) {
        appName = Objects.requireNonNull(name);
    }

    /** How long the master waits for each child's answer to status, connections and other commands (default 1 s). */
    public static synchronized void commandTimeout(Duration timeout) {
        commandTimeout = Objects.requireNonNull(timeout);
    }

    /** Runs in the master when a reload starts; an exception there stops everything. */
    public static synchronized void onMasterReload(Runnable callback) {
        onMasterReload = Objects.requireNonNull(callback);
    }

    /** Runs in the master after the last child has exited, before the master exits. */
    public static synchronized void onMasterStop(Runnable callback) {
        onMasterStop = Objects.requireNonNull(callback);
    }

    /**
     * Adds a picocli subcommand to the CLI (an instance of a {@code @Command} class or a
     * {@code picocli.CommandLine}); for commands of your own.
     */
    public static synchronized void addSubcommand(Object command) {
        SUBCOMMANDS.add(Objects.requireNonNull(command));
    }

    /** A snapshot of the settings, for the master and the CLI. */
    public static synchronized Settings settings() {
        String app = appName != null ? appName : defaultAppName();
        return new Settings(
                app,
                runDir,
                pidFile,
                logFile,
                stdoutFile,
                commandTimeout,
                List.copyOf(WORKERS),
                onMasterReload,
                onMasterStop,
                List.copyOf(SUBCOMMANDS));
    }

    /**
     * Runs the program: in a child process, the child runtime for its Worker (does not return); otherwise the
     * CLI command in {@code args}. Exits the JVM with the command's exit code.
     */
    public static void runAll(String... args) {
        System.exit(run(args));
    }

    /** Like {@link #runAll} but returns the exit code instead of exiting (a child still never returns). */
    public static int run(String... args) {
        // The one place the API reaches the internals: the CLI entry runs the child runtime or a command.
        return WeftCli.run(settings(), args);
    }

    private static String defaultAppName() {
        String cmd = System.getProperty("sun.java.command", "");
        String first = cmd.isBlank() ? "weft" : cmd.split(" ")[0];
        if (System.getProperty("jdk.module.main.class") != null) first = System.getProperty("jdk.module.main.class");
        if (first.endsWith(".jar"))
            first = Path.of(first).getFileName().toString().replaceAll("\\.jar$", "");
        int dot = first.lastIndexOf('.');
        String simple = dot >= 0 ? first.substring(dot + 1) : first;
        simple = simple.replaceAll("[^A-Za-z0-9_.-]", "");
        return simple.isEmpty() ? "weft" : simple.toLowerCase(java.util.Locale.ROOT);
    }

    private static String versionOf() {
        String v = Weft.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
