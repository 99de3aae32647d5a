package dev.weft.coroutine.sync;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.KilledException;
import java.time.Duration;

/**
 * A mutual-exclusion lock for coroutines (and plain threads) whose wait is a cancellable,
 * listed Weft operation: a blocked {@link #lock(Duration)} appears in {@code Co.suspensions()} and
 * {@code co list} as {@code mutex.lock <name>}, returns {@code false} when cancelled
 * ({@link CoError#CO_CANCELED}) or timed out ({@link CoError#CO_TIMEDOUT}), and raises
 * {@link KilledException} when killed — without ever keeping the lock.
 *
 * <h2>Not reentrant</h2>
 * A holder that calls {@code lock} again gets {@link IllegalStateException} instead of a second
 * hold count. Reentrancy is chosen against because a coroutine that relocks is almost always a
 * layering bug (a callback re-entering the code that holds the lock), and a hold count would let
 * a killed holder's outer {@code finally} run {@link #unlock()} while an inner frame still
 * believes it holds the lock. Failing loudly at the second {@code lock} is the cheaper signal;
 * it is the choice of Go's {@code sync.Mutex} and Kotlin's {@code Mutex}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The holder is the thread (the coroutine's virtual thread) that locked it; only the holder
 *       may {@link #unlock()}; any other caller gets {@link IllegalStateException}.</li>
 *   <li>Not fair: an unlock hands the lock to the longest waiter, but a {@code lock} arriving at
 *       that moment may take it first (as a non-fair {@link java.util.concurrent.locks.ReentrantLock}).</li>
 *   <li>Memory: actions before {@code unlock} happen-before actions after a subsequent successful
 *       {@code lock}, as for {@link java.util.concurrent.locks.Lock}.</li>
 *   <li>A pending kill is delivered when {@code lock} is called, even if the lock is free.</li>
 *   <li>Success sets {@link Co#lastError()} to {@link CoError#NONE}.</li>
 * </ul>
 * Use it as:
 * <pre>{@code
 * if (!mutex.lock(Duration.ofSeconds(5))) return;  // cancelled or timed out: Co.lastError() says which
 * try { ... } finally { mutex.unlock(); }
 * }</pre>
 */
public final class Mutex extends Permits {
    private final String name;
    /** The holder; written and read by the holder itself, so plain. */
    private Thread owner;

    /** Creates an unlocked mutex; {@code name} appears in its wait's event ({@code mutex.lock <name>}). */
    public Mutex(String name) {
        super("mutex.lock " + (name == null ? "mutex" : name), 1);
        this.name = name == null ? "mutex" : name;
    }

    /**
     * Takes the lock, waiting up to {@code timeout} ({@code null} or negative: forever; zero: not at
     * all).
     *
     * @return true when held; false on timeout or cancel
     * @throws IllegalStateException if the caller already holds it
     * @throws KilledException when the caller is killed (the lock is not held then)
     */
    public boolean lock(Duration timeout) {
        Co.checkKilled();
        Thread me = Thread.currentThread();
        // As ReentrantLock: the reentry check only once the lock is found taken, off the fast path.
        if (!tryTake()) {
            if (owner == me) {
                throw new IllegalStateException("Mutex \"" + name + "\" is not reentrant: the caller already holds it");
            }
            if (!takeContended(timeout)) {
                return false;
            }
        }
        owner = me;
        return true;
    }

    /** Takes the lock, waiting as long as needed; see {@link #lock(Duration)}. */
    public boolean lock() {
        return lock(null);
    }

    /**
     * Takes the lock if it is free, without waiting.
     *
     * @return true when held; false ({@link CoError#CO_TIMEDOUT}) if another holds it
     * @throws IllegalStateException if the caller already holds it
     */
    public boolean tryLock() {
        return lock(Duration.ZERO);
    }

    /**
     * Releases the lock, handing it to the longest waiter if there is one.
     *
     * @throws IllegalStateException if the caller does not hold it
     */
    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("Mutex \"" + name + "\" is not held by the caller");
        }
        owner = null;
        give();
    }

    /** Whether some thread or coroutine holds the lock (a snapshot, for monitoring). */
    public boolean isLocked() {
        return free() == 0;
    }

    /** Whether the calling thread or coroutine holds the lock. */
    public boolean isHeldByCurrent() {
        return owner == Thread.currentThread();
    }

    /** Callers waiting in {@link #lock} (a snapshot). */
    public int waiting() {
        return queued();
    }

    /** The name given to the constructor. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Mutex \"" + name + "\" " + (isLocked() ? "locked" : "unlocked") + ", " + waiting() + " waiting";
    }
}
