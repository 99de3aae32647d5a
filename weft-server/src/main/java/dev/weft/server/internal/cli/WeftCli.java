package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import dev.weft.server.Weft;
import dev.weft.server.internal.child.ChildMain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line of a Weft program: {@code start | stop | restart | reload | status | connections} plus
 * subcommands added with {@link Weft#addSubcommand}. Bad arguments give picocli's usage message and exit
 * code 2; a failing command prints its message (no stack trace) and exits 1.
 */
public final class WeftCli {
    private WeftCli() {}

    /** The root command: prints usage when no subcommand is given. */
    @Command(
            name = "weft",
            mixinStandardHelpOptions = true,
            versionProvider = WeftCli.Version.class,
            description = "Runs a Weft server: a master process and its worker processes.",
            footer = {"", "Run with: java --enable-native-access=ALL-UNNAMED ... <main class> <command>"})
    static final class Root implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
        }
    }

    /** {@code --version}: Weft's and Java's versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Weft " + Weft.VERSION + " (Java " + Runtime.version() + ")"};
        }
    }

    /** The built-in commands by name, in the order usage lists them. */
    private static final Map<String, Function<Settings, Object>> BUILT_INS = builtIns();

    private static Map<String, Function<Settings, Object>> builtIns() {
        Map<String, Function<Settings, Object>> m = new LinkedHashMap<>();
        m.put("start", StartCommand::new);
        m.put("stop", StopCommand::new);
        m.put("restart", RestartCommand::new);
        m.put("reload", ReloadCommand::new);
        m.put("status", StatusCommand::new);
        m.put("connections", ConnectionsCommand::new);
        m.put("co", CoCommand::new);
        return m;
    }

    /** Builds the whole command line, every subcommand included (exposed so modules and tests can inspect it). */
    public static CommandLine commandLine(Settings settings) {
        return build(settings, null);
    }

    /**
     * The command line for running {@code args}: when they name a built-in command, only that subcommand is
     * built, since picocli reads every added command's annotations reflectively and a short-lived CLI JVM
     * would pay for commands it never runs. Anything else (usage, {@code --help}, an added command, a
     * mistake) gets the whole command line.
     */
    static CommandLine commandLineFor(Settings settings, String... args) {
        String name = commandName(args);
        return build(settings, BUILT_INS.containsKey(name) ? name : null);
    }

    /** The first argument that is not an option (the root command's options take no values), or null. */
    static String commandName(String... args) {
        for (String a : args) {
            if (!a.startsWith("-")) return a;
        }
        return null;
    }

    private static CommandLine build(Settings settings, String only) {
        CommandLine cl = new CommandLine(new Root());
        cl.setCommandName(settings.appName());
        if (only != null) {
            cl.addSubcommand(BUILT_INS.get(only).apply(settings));
        } else {
            BUILT_INS.values().forEach(make -> cl.addSubcommand(make.apply(settings)));
            for (Object extra : settings.subcommands()) cl.addSubcommand(extra);
        }
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": " + ex.getMessage());
            commandLine.getErr().flush();
            return ExitCodes.ERROR;
        });
        return cl;
    }

    /**
     * The runtime's entry point, called by {@link Weft#run}: in a child process, the child runtime for its
     * Worker (never returns); otherwise the command in {@code args}, whose exit code it returns.
     */
    public static int run(Settings settings, String... args) {
        if (ChildMain.isChild()) {
            ChildMain.run(settings);
            return 0;
        }
        return execute(settings, args);
    }

    /** Parses and runs {@code args}; returns the exit code. */
    public static int execute(Settings settings, String... args) {
        return commandLineFor(settings, args).execute(args);
    }
}
