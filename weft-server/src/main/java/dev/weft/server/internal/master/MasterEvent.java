package dev.weft.server.internal.master;

import dev.weft.server.internal.ipc.Peer;

/** What wakes the master loop. Producers (signal handlers, socket readers, CLI connections) only enqueue. */
sealed interface MasterEvent {
    /** A signal, or a CLI command that acts like one: INT, TERM, STOP, STOP_GRACEFUL, USR1, HUP, USR2, IO,
     * TTIN, TTOU. */
    record Signal(String name) implements MasterEvent {}

    /**
     * A reload request from the CLI.
     *
     * @param answer told "started" or "queued: why", or failed with the refusal
     * @param done   told when the reload covering this request has ended
     */
    record Reload(
            boolean graceful,
            java.util.concurrent.CompletableFuture<String> answer,
            java.util.concurrent.CompletableFuture<ReloadQueue.Outcome> done)
            implements MasterEvent {}

    /**
     * A child connected and said who it is.
     *
     * @param count its Worker's {@code count(n)} in the code it runs, or 0 if it did not say
     */
    record Hello(long pid, Peer link, int count) implements MasterEvent {}

    /**
     * {@code weft scale WORKER N}.
     *
     * @param answer told what changed, or failed with why not
     */
    record Scale(String worker, int count, java.util.concurrent.CompletableFuture<String> answer)
            implements MasterEvent {}

    /**
     * A child answered a heartbeat.
     *
     * @param requests the requests it has served, or -1 if it did not say
     */
    record Pong(long pid, long requests) implements MasterEvent {}

    /**
     * A retiring child's last metrics scrape, sent before it exits.
     *
     * @param worker its Worker's name (as it said)
     */
    record FinalMetrics(long pid, String worker, String text) implements MasterEvent {}

    /**
     * {@code weft upgrade} from the CLI.
     *
     * @param answer told "started: ..." or failed with the refusal
     * @param done   told when the new master has taken over (ok) or failed (the message says why)
     */
    record Upgrade(
            java.util.concurrent.CompletableFuture<String> answer,
            java.util.concurrent.CompletableFuture<ReloadQueue.Outcome> done)
            implements MasterEvent {}

    /** The new master of an upgrade has every process ready and serves the paths now. */
    record UpgradeReady(long pid) implements MasterEvent {}

    /** The new master of an upgrade exited, or was not ready in time and was stopped. */
    record UpgradeFailed(long pid, String why) implements MasterEvent {}

    /** A child is accepting. */
    record Ready(long pid) implements MasterEvent {}

    /** A child's link reached EOF: it is exiting, reap soon. */
    record LinkClosed(long pid) implements MasterEvent {}

    /** A standby child has loaded its program and waits to be given a slot. */
    record StandbyReady(long pid) implements MasterEvent {}
}
