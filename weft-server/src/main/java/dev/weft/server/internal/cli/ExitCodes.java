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
}
