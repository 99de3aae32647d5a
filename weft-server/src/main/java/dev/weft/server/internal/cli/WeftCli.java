package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import dev.weft.server.Weft;
import dev.weft.server.internal.child.ChildMain;
import dev.weft.server.internal.master.JavaCommand;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line of a Weft program: {@code start | stop | restart | reload | scale | status | connections | co |
 * help} plus subcommands added with {@link Weft#addSubcommand} and options added with {@link Weft#options}. Bad arguments give picocli's usage message and exit
 * code 2; a failing command prints its message (no stack trace) and exits 1.
 */
public final class WeftCli {
    /** The environment variable a launcher script sets to the command the user typed, e.g. {@code ./weft}. */
    public static final String LAUNCHER_ENV = "WEFT_LAUNCHER";

    private WeftCli() {}

    /** The root command: prints usage when no subcommand is given. */
    @Command(
            name = "weft",
            mixinStandardHelpOptions = true,
            versionProvider = WeftCli.Version.class,
            description = "Runs a Weft server: a master process and its worker processes.")
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
        m.put("scale", ScaleCommand::new);
        m.put("upgrade", UpgradeCommand::new);
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
        cl.setCommandName(launcherName(settings));
        cl.addSubcommand(new CommandLine.HelpCommand());
        if (only != null) {
            cl.addSubcommand(BUILT_INS.get(only).apply(settings));
        } else {
            BUILT_INS.values().forEach(make -> cl.addSubcommand(make.apply(settings)));
            for (Object extra : settings.subcommands()) cl.addSubcommand(extra);
        }
        // The program's own options: accepted before the command and by the commands that run the program.
        for (Object options : settings.options()) {
            cl.addMixin("program-options", options);
            for (String runs : List.of("start", "restart")) {
                CommandLine sub = cl.getSubcommands().get(runs);
                if (sub != null) sub.addMixin("program-options", options);
            }
        }
        String[] footer = new String[ExitCodes.helpTable().length + 1];
        footer[0] = "";
        System.arraycopy(ExitCodes.helpTable(), 0, footer, 1, footer.length - 1);
        cl.getCommandSpec().usageMessage().footer(footer);
        cl.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) return help;
            List<CommandLine> chain = parseResult.asCommandLineList();
            boolean helpCommand = chain.get(chain.size() - 1).getCommand() instanceof CommandLine.HelpCommand;
            if (!helpCommand) {
                try {
                    checkRunDirectory(settings);
                } catch (IOException e) {
                    cl.getErr().println(cl.getCommandName() + ": " + e.getMessage());
                    cl.getErr().flush();
                    return ExitCodes.ERROR;
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": " + ex.getMessage());
            commandLine.getErr().flush();
            return ExitCodes.ERROR;
        });
        return cl;
    }

    /** Secures the default run directory (mode 0700, ours) and checks that its sockets' paths fit AF_UNIX. */
    private static void checkRunDirectory(Settings settings) throws IOException {
        long uid = RunDirs.uid();
        if (settings.runDir().equals(RunDirs.defaultFor(settings.appName(), System.getenv(), uid))) {
            RunDirs.secure(settings.runDir(), uid);
        }
        RunDirs.checkSocketPaths(settings);
    }

    /**
     * How the user runs this program, for usage messages: {@value #LAUNCHER_ENV} when a launcher script sets it
     * (Weft's {@code ./weft} does), else the app name.
     */
    static String launcherName(Settings settings) {
        String launcher = System.getenv(LAUNCHER_ENV);
        return launcher != null && !launcher.isBlank() ? launcher : settings.appName();
    }

    /**
     * The runtime's entry point, called by {@link Weft#run}: in a child process, the child runtime for its
     * Worker (never returns); otherwise the command in {@code args}, whose exit code it returns.
     */
    public static int run(Settings settings, String... args) {
        JavaCommand.rememberProgramArgs(args);
        if (ChildMain.isChild()) {
            ChildMain.run(settings);
            return 0;
        }
        return execute(settings, args);
    }

    /**
     * Parses the program's own options (an object with picocli {@code @Option} fields) out of the whole
     * command line, skipping everything else; a bad value leaves its field as it was, for the CLI's full
     * parse to report.
     */
    public static void parseProgramOptions(Object options, String... args) {
        CommandLine cl = new CommandLine(options)
                .setUnmatchedArgumentsAllowed(true)
                .setUnmatchedOptionsArePositionalParams(true);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            // reported with the command's usage once the CLI parses the arguments
        }
    }

    /** Parses and runs {@code args}; returns the exit code. */
    public static int execute(Settings settings, String... args) {
        return commandLineFor(settings, args).execute(args);
    }
}
