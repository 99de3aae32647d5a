package dev.weft.coroutine.sync;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.KilledException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A bounded pool of reusable objects (connections, say) for coroutines, after Workerman 5's
 * coroutine {@code Pool} and Swoole's {@code ConnectionPool}: at most {@code size} objects exist;
 * {@link #borrow(Duration)} hands out an idle one, creates one while fewer than {@code size} exist,
 * and otherwise waits, in a cancellable suspension listed as {@code pool.borrow <name>}, until one
 * is {@linkplain #release(Object) released} or {@linkplain #discard(Object) discarded}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@code borrow} returns {@code null} on timeout ({@link CoError#CO_TIMEDOUT}) or cancel
 *       ({@link CoError#CO_CANCELED}) and raises {@link KilledException} when killed; in none of
 *       those cases is an object taken from the pool.</li>
 *   <li>Objects are created lazily by the factory, in the borrowing caller. A factory that throws
 *       frees the slot and its exception propagates (checked ones wrapped in
 *       {@link CompletionException}).</li>
 *   <li>Every borrowed object goes back exactly once: {@link #release(Object)} when it is still
 *       good, {@link #discard(Object)} when it is broken (it is closed and its slot freed). The pool
 *       does not track which objects are out.</li>
 *   <li>Not fair: a released object goes to the longest waiter, but a {@code borrow} arriving at
 *       that moment may take it first.</li>
 *   <li>Memory: actions on an object before its {@code release} happen-before actions of the
 *       caller that borrows it next.</li>
 *   <li>{@link #close()} closes the idle objects and wakes the waiters, which then (like every
 *       later {@code borrow}) get {@link IllegalStateException}; objects released after the close
 *       are closed.</li>
 * </ul>
 *
 * @param <T> the pooled object type
 */
public final class Pool<T> {
    private final String name;
    private final Callable<? extends T> factory;
    private final Consumer<? super T> closer;
    /** One permit per object that may be out: borrowers wait here. */
    private final Permits permits;
    /**
     * Idle objects, one per slot. Releasers fill an empty slot, borrowers empty a full one, both
     * with compare-and-set, so the uncontended path allocates nothing. There are {@code size}
     * slots and never more than {@code size} objects, so a releaser always finds an empty one.
     */
    private final AtomicReferenceArray<T> idle;
    /** Objects that exist (idle or out). */
    private final AtomicInteger created = new AtomicInteger();

    private volatile boolean closed;

    /**
     * Creates an empty pool of at most {@code size} objects made by {@code factory}; {@code closer}
     * (may be null) closes discarded objects and idle ones at {@link #close()}.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public Pool(String name, int size, Callable<? extends T> factory, Consumer<? super T> closer) {
        if (size <= 0) {
            throw new IllegalArgumentException("size <= 0: " + size);
        }
        this.name = name == null ? "pool" : name;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.closer = closer;
        this.permits = new Permits("pool.borrow " + this.name, size);
        this.idle = new AtomicReferenceArray<>(size);
    }

    /**
     * Borrows an object, waiting up to {@code timeout} ({@code null} or negative: forever; zero: not
     * at all) for one to be released when {@code size} objects are out.
     *
     * @return the object; null on timeout or cancel
     * @throws IllegalStateException if the pool is closed (also when it closes during the wait)
     * @throws KilledException when the caller is killed
     */
    public T borrow(Duration timeout) {
        checkOpen();
        if (!permits.take(timeout)) {
            return null;
        }
        if (closed) {
            permits.give();
            checkOpen();
        }
        try {
            return take();
        } catch (RuntimeException | Error e) {
            permits.give();
            throw e;
        }
    }

    /** Borrows an object, waiting as long as needed; see {@link #borrow(Duration)}. */
    public T borrow() {
        return borrow(null);
    }

    /** With a permit: an idle object, or a new one while fewer than {@code size} exist. */
    private T take() {
        for (; ; ) {
            for (int i = 0, n = idle.length(); i < n; i++) {
                T t = idle.getPlain(i);
                if (t != null && idle.compareAndSet(i, t, null)) {
                    return t;
                }
            }
            int c = created.get();
            if (c < idle.length() && created.compareAndSet(c, c + 1)) {
                return create();
            }
            // Every object exists and we hold a permit, so one is idle: a releaser is storing it.
            Thread.onSpinWait();
        }
    }

    private T create() {
        try {
            T t = factory.call();
            if (t == null) {
                throw new NullPointerException("pool \"" + name + "\": the factory returned null");
            }
            return t;
        } catch (RuntimeException | Error e) {
            created.decrementAndGet();
            throw e;
        } catch (Exception e) {
            created.decrementAndGet();
            throw new CompletionException(e);
        }
    }

    /**
     * Gives a borrowed object back for reuse, to the longest waiter if there is one. After
     * {@link #close()} the object is closed instead.
     */
    public void release(T object) {
        Objects.requireNonNull(object, "object");
        if (closed) {
            discard(object);
            return;
        }
        store(object);
        permits.give();
        if (closed) {
            closeIdle(); // close() may have swept before this object landed
        }
    }

    /**
     * Puts an idle object in an empty slot. One pass can miss a slot emptied behind it while
     * others fill, so it tries a few passes; failing them all means more objects came back than
     * went out.
     */
    private void store(T object) {
        int n = idle.length();
        for (int pass = 0; pass < 64; pass++) {
            for (int i = 0; i < n; i++) {
                if (idle.getPlain(i) == null && idle.compareAndSet(i, null, object)) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("pool \"" + name + "\": more objects released than borrowed");
    }

    /** Gives back a broken object: it is closed (by the closer) and its slot is free for a new one. */
    public void discard(T object) {
        Objects.requireNonNull(object, "object");
        created.decrementAndGet();
        permits.give();
        closeQuietly(object);
    }

    /** Closes the idle objects and fails the waiting and later borrowers. Idempotent. */
    public void close() {
        closed = true;
        permits.wakeAll();
        closeIdle();
    }

    private void closeIdle() {
        for (int i = 0, n = idle.length(); i < n; i++) {
            T t = idle.getAndSet(i, null);
            if (t != null) {
                created.decrementAndGet();
                closeQuietly(t);
            }
        }
    }

    private void closeQuietly(T t) {
        if (closer == null) {
            return;
        }
        try {
            closer.accept(t);
        } catch (RuntimeException e) {
            System.getLogger("dev.weft.coroutine")
                    .log(System.Logger.Level.WARNING, "pool \"" + name + "\": closing an object failed", e);
        }
    }

    private void checkOpen() {
        if (closed) {
            Co.setLastError(CoError.WRONG_OPERATION);
            throw new IllegalStateException("pool \"" + name + "\" is closed");
        }
    }

    /** Objects that exist, idle or out (a snapshot). */
    public int created() {
        return created.get();
    }

    /** Objects that may still be borrowed without waiting (a snapshot). */
    public int available() {
        return permits.free();
    }

    /** Callers waiting in {@link #borrow} (a snapshot). */
    public int waiting() {
        return permits.queued();
    }

    /** The largest number of objects. */
    public int size() {
        return idle.length();
    }

    /** The name given to the constructor. */
    public String name() {
        return name;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Pool \"" + name + "\" " + created() + "/" + size() + " created, " + available() + " free, " + waiting()
                + " waiting";
    }
}
