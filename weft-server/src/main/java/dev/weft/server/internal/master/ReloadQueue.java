package dev.weft.server.internal.master;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reload requests not yet served, coalesced. Every request gets the next generation number; a child records
 * the latest generation when it is spawned, so a reload for generation {@code g} replaces exactly the
 * slots whose child was spawned before request {@code g} — slots replaced since (by an earlier reload, a
 * respawn or a scale up) already run the new code. However many requests arrive while a reload runs, one
 * reload follows it and serves them all; none is dropped. Graceful wins: if any coalesced request asked
 * for a graceful reload, the reload is graceful. Touched only by the master loop.
 */
final class ReloadQueue {
    /** How a reload ended, for {@code reload --wait}. */
    record Outcome(boolean ok, String message) {}

    private record Waiter(long generation, CompletableFuture<Outcome> done) {}

    private long requested;
    private long served;
    private boolean graceful;
    private final List<Waiter> waiters = new ArrayList<>();

    /**
     * Records a request.
     *
     * @param graceful whether old processes finish in-flight work first
     * @param done     completed when a reload covering this request has ended, or null
     */
    void request(boolean graceful, CompletableFuture<Outcome> done) {
        requested++;
        this.graceful |= graceful;
        if (done != null) waiters.add(new Waiter(requested, done));
    }

    /** The latest generation: a child spawned now runs the code of every request so far. */
    long generation() {
        return requested;
    }

    /** Whether a request waits for a reload. */
    boolean pending() {
        return requested > served;
    }

    /**
     * Takes every pending request as one reload.
     *
     * @return the reload's generation and mode
     */
    ReloadRun take() {
        ReloadRun run = new ReloadRun(requested, graceful);
        served = requested;
        graceful = false;
        return run;
    }

    /** A reload ended: tells the requests it covered. */
    void finished(long generation, Outcome outcome) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.generation() <= generation) {
                w.done().complete(outcome);
                it.remove();
            }
        }
    }

    /** The master stops: no reload will run; every waiting request fails with {@code why}. */
    void abandon(String why) {
        served = requested;
        graceful = false;
        for (Waiter w : waiters) w.done().complete(new Outcome(false, why));
        waiters.clear();
    }
}
