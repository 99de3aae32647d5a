package dev.weft.control;

/** Builds the registry every worker process answers with. */
public final class Commands {
    private Commands() {}

    /** The names of the built-in commands (and {@code help}): what a master passes on to its processes. */
    public static java.util.Set<String> names() {
        return standard(new ProcessIdentity("localhost", 0, "names", 0))
                .commands()
                .keySet();
    }

    /**
     * A registry with the built-in commands: {@code help}, {@code hello}, {@code list},
     * {@code suspensions}, {@code dump}, {@code check}, {@code cancel}, {@code kill}, {@code stats}, {@code summary}.
     */
    public static CommandRegistry standard(ProcessIdentity identity) {
        return new CommandRegistry(identity)
                .register(new HelloCommand())
                .register(new ListCommand())
                .register(new SuspensionsCommand())
                .register(new DumpCommand())
                .register(new CheckCommand())
                .register(new CancelCommand())
                .register(new KillCommand())
                .register(new StatsCommand())
                .register(new SummaryCommand());
    }
}
