package dev.weft.server.internal.posix;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Posix#spawn} runs: program, arguments, environment, descriptor actions and attributes.
 * Descriptors 3 and above are always closed in the child.
 */
public final class SpawnSpec {
    /** A descriptor action performed in the child before exec, in order. */
    public sealed interface FdAction permits Dup2, Open {}

    /** {@code dup2(fd, target)} in the child. */
    public record Dup2(int fd, int target) implements FdAction {}

    /** {@code open(path, flags, mode)} onto {@code target} in the child. */
    public record Open(int target, String path, int flags, int mode) implements FdAction {}

    private final String path;
    private final List<String> argv;
    private final List<String> env;
    private final List<FdAction> fdActions = new ArrayList<>();
    private boolean newProcessGroup;
    private boolean newSession;

    /** @param path absolute program path; @param argv argv[0..]; @param env "K=V" strings */
    public SpawnSpec(String path, List<String> argv, List<String> env) {
        this.path = path;
        this.argv = List.copyOf(argv);
        this.env = List.copyOf(env);
    }

    /** Adds {@code dup2(fd, target)}. */
    public SpawnSpec dup2(int fd, int target) {
        fdActions.add(new Dup2(fd, target));
        return this;
    }

    /** Adds an {@code open} of {@code path} onto descriptor {@code target}. */
    public SpawnSpec open(int target, String path, int flags, int mode) {
        fdActions.add(new Open(target, path, flags, mode));
        return this;
    }

    /**
     * Puts the child in a process group of its own, so a Ctrl-C on the master's terminal reaches only
     * the master, which then stops the children in order.
     */
    public SpawnSpec newProcessGroup(boolean on) {
        this.newProcessGroup = on;
        return this;
    }

    /** Starts the child in a new session (daemon: no controlling terminal). */
    public SpawnSpec newSession(boolean on) {
        this.newSession = on;
        return this;
    }

    String path() {
        return path;
    }

    List<String> argv() {
        return argv;
    }

    List<String> env() {
        return env;
    }

    List<FdAction> fdActions() {
        return fdActions;
    }

    boolean newProcessGroup() {
        return newProcessGroup;
    }

    boolean newSession() {
        return newSession;
    }
}
