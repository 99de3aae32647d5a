package dev.weft.server.internal.master;

import dev.weft.server.internal.ipc.Peer;

/** What wakes the master loop. Producers (signal handlers, socket readers, CLI connections) only enqueue. */
sealed interface MasterEvent {
    /** A signal, or a CLI command that acts like one: INT, TERM, STOP, STOP_GRACEFUL, USR1, HUP, USR2, IO. */
    record Signal(String name) implements MasterEvent {}

    /** A child connected and said who it is. */
    record Hello(long pid, Peer link) implements MasterEvent {}

    /** A child is accepting. */
    record Ready(long pid) implements MasterEvent {}

    /** A child's link reached EOF: it is exiting, reap soon. */
    record LinkClosed(long pid) implements MasterEvent {}
}
