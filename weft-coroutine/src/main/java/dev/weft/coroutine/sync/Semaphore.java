package dev.weft.coroutine.sync;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.KilledException;
import java.time.Duration;

/**
 * A counting semaphore for coroutines (and plain threads) whose wait is a cancellable, listed
 * Weft operation: a blocked {@link #acquire(Duration)} appears in {@code Co.suspensions()} and
 * {@code co list} as {@code semaphore.acquire <name>}, returns {@code false} when cancelled
 * ({@link CoError#CO_CANCELED}) or timed out ({@link CoError#CO_TIMEDOUT}), and raises
 * {@link KilledException} when killed — never holding a permit in any of those cases.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Permits are not owned: any caller may {@link #release()}, and releasing more than were
 *       acquired raises the count above its initial value, as in
 *       {@link java.util.concurrent.Semaphore}.</li>
 *   <li>Not fair: a release hands its permit to the longest waiter, but an {@code acquire}
 *       arriving at that moment may take it first.</li>
 *   <li>Memory: actions before {@code release} happen-before actions after an {@code acquire}
 *       that obtained a permit.</li>
 *   <li>A pending kill is delivered when {@code acquire} is called, even if a permit is free.</li>
 *   <li>Success sets {@link Co#lastError()} to {@link CoError#NONE}.</li>
 * </ul>
 */
public final class Semaphore extends Permits {
    private final String name;

    /**
     * Creates a semaphore with {@code permits} permits; {@code name} appears in its wait's event.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(String name, int permits) {
        super("semaphore.acquire " + (name == null ? "semaphore" : name), checked(permits));
        this.name = name == null ? "semaphore" : name;
    }

    private static int checked(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits < 0: " + permits);
        }
        return permits;
    }

    /**
     * Takes one permit, waiting up to {@code timeout} ({@code null} or negative: forever; zero: not
     * at all).
     *
     * @return true with a permit; false on timeout or cancel
     * @throws KilledException when the caller is killed (no permit is kept then)
     */
    public boolean acquire(Duration timeout) {
        return take(timeout);
    }

    /** Takes one permit, waiting as long as needed; see {@link #acquire(Duration)}. */
    public boolean acquire() {
        return take(null);
    }

    /**
     * Takes a permit if one is free, without waiting.
     *
     * @return true with a permit; false ({@link CoError#CO_TIMEDOUT}) if none is free
     */
    public boolean tryAcquire() {
        return take(Duration.ZERO);
    }

    /** Gives one permit back, to the longest waiter if there is one. */
    public void release() {
        give();
    }

    /** Free permits (a snapshot). */
    public int availablePermits() {
        return free();
    }

    /** Callers waiting in {@link #acquire} (a snapshot). */
    public int waiting() {
        return queued();
    }

    /** The name given to the constructor. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Semaphore \"" + name + "\" " + availablePermits() + " free, " + waiting() + " waiting";
    }
}
