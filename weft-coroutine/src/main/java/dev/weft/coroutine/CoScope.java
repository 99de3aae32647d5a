package dev.weft.coroutine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Structured concurrency (Kotlin's {@code coroutineScope}, Java's {@code StructuredTaskScope}): a
 * scope whose children cannot outlive it. Open one with {@link Co#scope(Body)}; start children with
 * {@link #go(String, Runnable)}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@code Co.scope} returns only when its body has returned <em>and</em> every child has
 *       finished. It waits in a suspension named {@code scope.join <name>}.</li>
 *   <li>Kill: when the scope's owner is killed (in its body or while the scope waits), every child
 *       is killed, the scope waits for them to finish (uncancellably), and the
 *       {@link KilledException} propagates.</li>
 *   <li>Cancel: a {@link Co#cancel(long)} of the owner while the scope waits is passed on — each
 *       child's current operation is cancelled — and the scope goes on waiting.</li>
 *   <li>Failure: the first child that throws (anything but {@link KilledException}) has its
 *       siblings killed; once all have finished, {@code Co.scope} throws a
 *       {@link CompletionException} whose cause is that first failure (later ones are suppressed
 *       on it). The child's failure is reported to the scope and not logged as a coroutine
 *       failure. A body that throws has the children killed the same way and its exception
 *       propagates (checked ones wrapped in {@link CompletionException}).</li>
 *   <li>Children are ordinary coroutines whose {@link Coroutine#parentId()} is the owner's id, so
 *       listings ({@code co list --tree}) show them under it. The scope is each child's joiner:
 *       {@link Co#join} on a scope's child fails with {@link CoError#WRONG_OPERATION}.</li>
 * </ul>
 */
public final class CoScope {
    /** The body of a scope: starts children with {@link CoScope#go}. */
    @FunctionalInterface
    public interface Body {
        /** Runs in the calling coroutine; may start children and wait for anything. */
        void run(CoScope scope) throws Exception;
    }

    private final String name;
    private final List<Coroutine> children = new ArrayList<>();
    /** Children started and not finished; the owner waits for zero. */
    private final AtomicInteger live = new AtomicInteger();

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    /** The owner's current wait, woken by the last child to finish. */
    private volatile Suspension waiter;
    /** Counts the children's ends; see {@link #go(String, Runnable)}. */
    private final Arrival tracker = () -> {
        childDone();
        return true;
    };
    /** Set when {@link Co#scope} returns or throws: no child may start after that. */
    private volatile boolean closed;

    private CoScope(String name) {
        this.name = name;
    }

    static void run(String name, Body body) {
        CoScope scope = new CoScope(name == null ? "scope" : name);
        Context ctx = Context.current();
        try {
            body.run(scope);
            scope.awaitChildren();
        } catch (Throwable e) {
            scope.killChildren();
            scope.awaitChildrenUncancellably();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new CompletionException(e);
        } finally {
            scope.closed = true;
        }
        Throwable first = scope.failures.poll();
        if (first != null) {
            CompletionException failed =
                    new CompletionException("a child of scope \"" + scope.name + "\" failed", first);
            scope.failures.forEach(failed::addSuppressed);
            throw failed;
        }
        ctx.result(CoError.NONE);
    }

    /**
     * Starts a child coroutine of this scope.
     *
     * @throws IllegalStateException if the scope has ended
     */
    public Coroutine go(String name, Runnable task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        if (closed) {
            throw new IllegalStateException("scope \"" + this.name + "\" has ended");
        }
        live.incrementAndGet();
        Coroutine c;
        try {
            c = Co.go(name, () -> runChild(task));
        } catch (RuntimeException | Error e) {
            childDone();
            throw e;
        }
        synchronized (children) {
            children.add(c);
        }
        // The scope is the child's one joiner: its end is counted however it ends, even killed
        // before its task ran. (Nobody else can have attached: the child was only just created.)
        if (c.attachJoiner(tracker) == 0) {
            childDone(); // finished already
        }
        return c;
    }

    /** Starts an unnamed child; see {@link #go(String, Runnable)}. */
    public Coroutine go(Runnable task) {
        return go(null, task);
    }

    private void runChild(Runnable task) {
        try {
            task.run();
        } catch (KilledException e) {
            throw e;
        } catch (Throwable e) {
            failures.add(e);
            killChildren(); // fail fast: the siblings' work is moot
        }
    }

    private void childDone() {
        if (live.decrementAndGet() == 0) {
            Suspension w = waiter;
            if (w != null) {
                w.wake();
            }
        }
    }

    /** The children started so far, finished ones included. */
    public List<Coroutine> children() {
        synchronized (children) {
            return List.copyOf(children);
        }
    }

    /** The scope's name, as in its wait's event. */
    public String name() {
        return name;
    }

    private void killChildren() {
        for (Coroutine c : children()) {
            if (c != Co.current()) {
                c.kill();
            }
        }
    }

    private void cancelChildren() {
        for (Coroutine c : children()) {
            Co.cancel(c.id());
        }
    }

    /** Waits for the children; a cancel is passed on to them, a kill raises KilledException. */
    private void awaitChildren() {
        while (live.get() > 0) {
            Suspension s = Suspension.begin("scope.join " + name);
            waiter = s;
            if (live.get() == 0) {
                s.wake();
            }
            try {
                if (s.await(Long.MAX_VALUE) == Suspension.Outcome.CANCELLED) {
                    cancelChildren();
                }
            } finally {
                s.end();
            }
        }
    }

    /** Waits for the children whatever happens: the owner is already unwinding. */
    private void awaitChildrenUncancellably() {
        while (live.get() > 0) {
            try {
                Suspension s = Suspension.begin("scope.join " + name, false);
                waiter = s;
                if (live.get() == 0) {
                    s.wake();
                }
                try {
                    s.await(Long.MAX_VALUE);
                } finally {
                    s.end();
                }
            } catch (KilledException again) {
                // A second kill while the children are being killed: taken; keep waiting for them.
            }
        }
    }

    @Override
    public String toString() {
        return "CoScope \"" + name + "\", " + live.get() + " live children";
    }
}
