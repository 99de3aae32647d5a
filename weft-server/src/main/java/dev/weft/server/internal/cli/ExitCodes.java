package dev.weft.server.internal.cli;

/** Exit codes of the CLI. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** Failed (the message says why). */
    public static final int ERROR = 1;
    /** Bad arguments (picocli's usage error). */
    public static final int USAGE = 2;
    /** The command needs a running master and there is none. */
    public static final int NOT_RUNNING = 3;
    /** {@code start} found a master already running. */
    public static final int ALREADY_RUNNING = 4;

    private ExitCodes() {}

    /** The table that {@code --help} prints, one line per code. */
    static String[] helpTable() {
        return new String[] {
            "Exit codes:",
            "  0  done",
            "  1  failed (the message says why)",
            "  2  bad arguments (usage error)",
            "  3  not running (the command needs a running master)",
            "  4  already running (start found a live master)",
        };
    }
}
