package dev.weft.coroutine.signal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Suspension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Cancellable waits for POSIX signals (Swoole's {@code System::waitSignal}), through
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}). The JDK accepts INT, TERM, HUP, USR1,
 * USR2, IO, TTIN, TTOU, WINCH and a few others; QUIT (thread dumps) and those the JVM uses itself
 * are refused with {@link IllegalArgumentException}.
 *
 * <h2>Effect on the JVM's own handling</h2>
 * Weft installs its handler for a signal when the first coroutine starts waiting for it and puts
 * the previous handler back when the last waiter leaves. <em>While at least one coroutine waits</em>,
 * the signal only wakes the waiters: the JVM's default action (for example TERM and INT running
 * shutdown hooks and exiting) does not happen. Before and after, the previous behaviour applies.
 * A signal wakes every coroutine waiting for it.
 */
public final class CoSignals {
    private static final ConcurrentHashMap<String, Slot> SLOTS = new ConcurrentHashMap<>();

    private CoSignals() {}

    /**
     * Waits for one of {@code signals} ({@code "USR1"} or {@code "SIGUSR1"}).
     *
     * @return the name of the signal that arrived (without {@code SIG}), or null on cancel or timeout
     * @throws IllegalArgumentException for an unknown signal or one the JVM reserves
     */
    public static String waitSignal(Duration timeout, String... signals) {
        return waitSignal(Set.of(signals), timeout);
    }

    /** Waits for one of {@code signals}; see {@link #waitSignal(Duration, String...)}. */
    public static String waitSignal(Set<String> signals, Duration timeout) {
        if (signals.isEmpty()) {
            Co.setLastError(CoError.INVALID_PARAMS);
            throw new IllegalArgumentException("no signal to wait for");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String s : signals) {
            names.add(canonical(s));
        }
        Waiter w = new Waiter(Suspension.begin("signal.wait " + String.join(",", names)));
        List<Slot> joined = new ArrayList<>();
        try {
            for (String n : names) {
                Slot slot = SLOTS.computeIfAbsent(n, Slot::new);
                slot.join(w);
                joined.add(slot);
            }
            w.suspension.await(Suspension.deadline(timeout));
        } finally {
            for (Slot slot : joined) {
                slot.leave(w);
            }
            w.suspension.end();
        }
        return w.suspension.outcome() == Suspension.Outcome.WOKEN ? w.arrived.get() : null;
    }

    private static String canonical(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return n.startsWith("SIG") ? n.substring(3) : n;
    }

    /** One waiting coroutine: the first signal that arrives wins. */
    private record Waiter(Suspension suspension, AtomicReference<String> arrived) {
        Waiter(Suspension suspension) {
            this(suspension, new AtomicReference<>());
        }

        void deliver(String name) {
            if (arrived.compareAndSet(null, name) && !suspension.wake()) {
                arrived.set(null);
            }
        }
    }

    /** The waiters of one signal and the handler Weft replaced while they wait. */
    private static final class Slot implements SignalHandler {
        private final String name;
        private final Signal signal;
        private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
        private SignalHandler previous;

        Slot(String name) {
            this.name = name;
            this.signal = new Signal(name);
        }

        synchronized void join(Waiter w) {
            if (waiters.isEmpty()) {
                previous = Signal.handle(signal, this);
            }
            waiters.add(w);
        }

        synchronized void leave(Waiter w) {
            if (waiters.remove(w) && waiters.isEmpty()) {
                Signal.handle(signal, previous);
                previous = null;
            }
        }

        @Override
        public void handle(Signal sig) {
            for (Waiter w : waiters) {
                w.deliver(name);
            }
        }
    }
}
