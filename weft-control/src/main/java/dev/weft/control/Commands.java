package dev.weft.control;

/** Builds the registry every worker process answers with. */
public final class Commands {
    private Commands() {}

    /** The names of the built-in commands (and {@code help}): what a master passes on to its processes. */
    public static java.util.Set<String> names() {
        return NAMES;
    }

    private static final java.util.Set<String> NAMES = java.util.Set.copyOf(
            standard(new ProcessIdentity("localhost", 0, "names", 0)).commands().keySet());

    /**
     * A registry with the built-in commands: {@code help}, {@code hello}, {@code list},
     * {@code suspensions}, {@code dump}, {@code check}, {@code cancel}, {@code kill}, {@code stats}, {@code summary}.
     */
    public static CommandRegistry standard(ProcessIdentity identity) {
        return addTo(new CommandRegistry(identity));
    }

    /**
     * Registers the built-in commands into {@code registry}: how a worker process puts them beside its
     * runtime's own {@link LinkCommand}s, in its one registry.
     *
     * @return {@code registry}
     */
    public static CommandRegistry addTo(CommandRegistry registry) {
        return registry.register(new HelloCommand())
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
