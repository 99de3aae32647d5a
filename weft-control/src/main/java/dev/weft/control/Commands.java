package dev.weft.control;

/** Builds the registry every worker process answers with. */
public final class Commands {
    private Commands() {}

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
