package dev.weft.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

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
    private static final List<Object> OPTIONS = new ArrayList<>();
    private static Path runDir;
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

    /**
     * Directory for the pid file, sockets, status files and logs. Without this call: {@code WEFT_RUN_DIR}
     * when set, else {@code $XDG_RUNTIME_DIR/weft/<appName>}, else {@code /tmp/weft-<uid>/<appName>} (created
     * with mode 0700; refused when it is a symbolic link or another user's). The sockets in it must fit
     * AF_UNIX's 107 bytes.
     */
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

    /**
     * Declares the program's own command-line options and parses them out of {@code args} now, so that
     * {@code main} can use them to declare its Workers. {@code options} is an object with picocli
     * {@code @Option} fields (a default may come from the environment: {@code defaultValue =
     * "${env:MY_PORT:-8080}"}). The CLI accepts these options before the command and on {@code start} and
     * {@code restart}, and lists them in their help.
     *
     * <p>Pass {@code main}'s {@code args} unchanged to {@link #runAll}: a daemon master ({@code start -d}) and
     * every child process run the program again with exactly these arguments, so they see the same options.
     * A bad value leaves its field at the default here; {@link #runAll} then reports it (usage, exit code 2).
     *
     * <pre>{@code
     * static final class Options {
     *     @Option(names = "--port", defaultValue = "${env:HELLO_PORT:-8080}", description = "HTTP port")
     *     int port;
     * }
     * public static void main(String[] args) {
     *     Options o = Weft.options(new Options(), args);
     *     new Worker("http://127.0.0.1:" + o.port).onMessage(...);
     *     Weft.runAll(args);
     * }
     * }</pre>
     *
     * @return {@code options}, filled in from {@code args}
     */
    public static synchronized <T> T options(T options, String... args) {
        Objects.requireNonNull(options);
        OPTIONS.add(options);
        Entry.INSTANCE.parseOptions(options, args);
        return options;
    }

    /**
     * The topic named {@code name}: cross-process publish/subscribe (Workerman's Channel component); see
     * {@link Topic} for the payloads and the delivery guarantees. Topics need no declaration; every process
     * that names the same topic shares it.
     *
     * @param name 1 to 128 characters of letters, digits and {@code . _ - : / @}
     * @throws IllegalArgumentException for another name
     */
    public static Topic topic(String name) {
        return Entry.INSTANCE.topic(name);
    }

    /** A snapshot of the settings, for the master and the CLI. */
    public static synchronized Settings settings() {
        String app = appName != null ? appName : defaultAppName();
        return new Settings(
                app,
                runDir != null ? runDir : Entry.INSTANCE.runDir(app),
                pidFile,
                logFile,
                stdoutFile,
                commandTimeout,
                List.copyOf(WORKERS),
                onMasterReload,
                onMasterStop,
                List.copyOf(SUBCOMMANDS),
                List.copyOf(OPTIONS));
    }

    /**
     * Runs the program: in a child process, the child runtime for its Worker (does not return); otherwise the
     * CLI command in {@code args}. Exits the JVM with the command's exit code.
     *
     * @param args {@code main}'s arguments, unchanged: a daemon master and the children run the program again
     *     with exactly these
     */
    public static void runAll(String... args) {
        System.exit(run(args));
    }

    /** Like {@link #runAll} but returns the exit code instead of exiting (a child still never returns). */
    public static int run(String... args) {
        return Entry.INSTANCE.run(settings(), args);
    }

    /**
     * Internal: how {@link #run} reaches Weft's runtime (the child runtime or a CLI command). weft-server's
     * internal CLI provides it through {@link ServiceLoader}, so this API package imports none of its
     * internals and the package graph stays free of cycles. Applications never implement or call it.
     */
    public interface Entry {
        /** Runs the program with these settings and arguments; returns the exit code. */
        int run(Settings settings, String[] args);

        /** Parses the program's own picocli options out of {@code args} into {@code options} (see {@link #options}). */
        void parseOptions(Object options, String[] args);

        /** The run directory of app {@code app} when {@link #runDir} was not called. */
        Path runDir(String app);

        /** The topic {@code name} of this process (see {@link Weft#topic}). */
        Topic topic(String name);

        /** The runtime's one implementation, found once. */
        Entry INSTANCE = ServiceLoader.load(Entry.class, Entry.class.getClassLoader())
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("weft-server's runtime entry is missing from the class path"));
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
