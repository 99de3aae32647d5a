package dev.weft.server.internal.child;

/** Environment variables by which the master tells a child who it is and how to reach the master. */
public final class ChildEnv {
    /** Index of the child's Worker in creation order. */
    public static final String WORKER_INDEX = "WEFT_WORKER_INDEX";
    /** The Worker's name (checked against the index, to catch a main that builds its Workers differently). */
    public static final String WORKER_NAME = "WEFT_WORKER_NAME";
    /** The slot, 0..count-1. */
    public static final String SLOT = "WEFT_SLOT";
    /** Path of the master's AF_UNIX socket for children. */
    public static final String MASTER_SOCKET = "WEFT_MASTER_SOCKET";
    /** The listen URL with the bound port. */
    public static final String LISTENING = "WEFT_LISTENING";
    /** Set by {@code start -d}: the AF_UNIX socket on which the launching CLI waits for "all ready". */
    public static final String DAEMON_NOTIFY = "WEFT_DAEMON_NOTIFY";
    /** Every variable above: a child's identity, never inherited from the master's own environment. */
    public static final java.util.Set<String> ALL =
            java.util.Set.of(WORKER_INDEX, WORKER_NAME, SLOT, MASTER_SOCKET, LISTENING, DAEMON_NOTIFY);

    private ChildEnv() {}

    /**
     * Whether {@code name} is one of the variables above, which describe one process's place in the
     * master's table and so must never be inherited from the environment the master itself runs in
     * (a master started from a child, or {@code start -d}'s notify socket). Every other variable —
     * {@code WEFT_CONTROL_REDIS}, {@code WEFT_APP}, {@code WEFT_CONTROL_SECRET}, {@code WEFT_METRICS} —
     * is the operator's configuration and passes on to the children.
     */
    public static boolean isInternal(String name) {
        return ALL.contains(name);
    }

    /** This process's environment without the runtime's internal variables, as {@code NAME=value} entries. */
    public static java.util.List<String> inherited() {
        java.util.List<String> env = new java.util.ArrayList<>();
        System.getenv().forEach((k, v) -> {
            if (!isInternal(k)) {
                env.add(k + "=" + v);
            }
        });
        return env;
    }
}
