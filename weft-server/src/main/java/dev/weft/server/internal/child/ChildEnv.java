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
    /** Path of the master's AF_UNIX socket for topic messages. */
    public static final String TOPIC_SOCKET = "WEFT_TOPIC_SOCKET";
    /** The listen URL with the bound port. */
    public static final String LISTENING = "WEFT_LISTENING";
    /** Set by {@code start -d}: the AF_UNIX socket on which the launching CLI waits for "all ready". */
    public static final String DAEMON_NOTIFY = "WEFT_DAEMON_NOTIFY";
    /** Set by {@code weft upgrade} for the new master: the AF_UNIX socket on which the old master waits. */
    public static final String UPGRADE_NOTIFY = "WEFT_UPGRADE_NOTIFY";
    /** Set by {@code weft upgrade} for the new master: its inherited listening sockets (see InheritedListeners). */
    public static final String UPGRADE_LISTENERS = "WEFT_UPGRADE_LISTENERS";
    /** Set by {@code weft upgrade} for the new master: the old master's pid. */
    public static final String UPGRADE_FROM = "WEFT_UPGRADE_FROM";
    /** Every variable above: a child's identity, never inherited from the master's own environment. */
    public static final java.util.Set<String> ALL = java.util.Set.of(
            WORKER_INDEX,
            WORKER_NAME,
            SLOT,
            MASTER_SOCKET,
            TOPIC_SOCKET,
            LISTENING,
            DAEMON_NOTIFY,
            UPGRADE_NOTIFY,
            UPGRADE_LISTENERS,
            UPGRADE_FROM);

    /** Variables the CLI's options set for every process this one spawns; see {@link #set}. */
    private static final java.util.Map<String, String> OVERRIDES = new java.util.concurrent.ConcurrentHashMap<>();

    private ChildEnv() {}

    /**
     * Sets {@code name=value} in the environment of every process this one spawns from now on (the
     * children, or the master that {@code start -d} detaches, which passes it on to its children):
     * how {@code start --monitor ...} reaches the workers. Overrides the variable inherited from
     * this process's own environment.
     */
    public static void set(String name, String value) {
        if (isInternal(name)) {
            throw new IllegalArgumentException(name + " is set by the master for each child");
        }
        OVERRIDES.put(name, value);
    }

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

    /**
     * This process's environment without the runtime's internal variables, plus the variables
     * {@link #set} by the CLI's options, as {@code NAME=value} entries.
     */
    public static java.util.List<String> inherited() {
        java.util.List<String> env = new java.util.ArrayList<>();
        System.getenv().forEach((k, v) -> {
            if (!isInternal(k) && !OVERRIDES.containsKey(k)) {
                env.add(k + "=" + v);
            }
        });
        OVERRIDES.forEach((k, v) -> env.add(k + "=" + v));
        return env;
    }
}
