package dev.weft.server.internal.cli;

import dev.weft.server.Settings;
import dev.weft.server.Weft;
import dev.weft.server.internal.child.ChildMain;
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

    /** Builds the command line (exposed so modules and tests can inspect it). */
    public static CommandLine commandLine(Settings settings) {
        CommandLine cl = new CommandLine(new Root());
        cl.setCommandName(settings.appName());
        cl.addSubcommand(new StartCommand(settings));
        cl.addSubcommand(new StopCommand(settings));
        cl.addSubcommand(new RestartCommand(settings));
        cl.addSubcommand(new ReloadCommand(settings));
        cl.addSubcommand(new StatusCommand(settings));
        cl.addSubcommand(new ConnectionsCommand(settings));
        cl.addSubcommand(new CoCommand(settings));
        for (Object extra : settings.subcommands()) cl.addSubcommand(extra);
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
        return commandLine(settings).execute(args);
    }
}
