package dev.weft.coroutine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * {@link Co#waitFor} and {@link Co#wakeup}: waiters of an event are parked and re-check their
 * condition when woken, or after a re-check interval that doubles from 1 ms to 50 ms, so a
 * condition nobody signals is still noticed without busy polling.
 */
final class EventWaits {
    private static final long FIRST_RECHECK = 1_000_000L;
    private static final long MAX_RECHECK = 50_000_000L;
    private static final ConcurrentHashMap<String, Set<Suspension>> WAITERS = new ConcurrentHashMap<>();

    private EventWaits() {}

    static boolean waitFor(String event, BooleanSupplier condition, Duration timeout) {
        Context ctx = Context.current();
        Suspension s = Suspension.begin(ctx, event == null ? "waitFor" : "waitFor:" + event, true, false);
        // Adding to and leaving an event's waiter set happen inside compute on the map entry, so a
        // set is never dropped from the map while another waiter is joining it.
        if (event != null) {
            WAITERS.compute(event, (k, set) -> {
                Set<Suspension> waiters = set != null ? set : ConcurrentHashMap.newKeySet();
                waiters.add(s);
                return waiters;
            });
        }
        try {
            return loop(s, condition, Suspension.deadline(timeout));
        } finally {
            if (event != null) {
                WAITERS.computeIfPresent(event, (k, set) -> {
                    set.remove(s);
                    return set.isEmpty() ? null : set;
                });
            }
            s.end();
        }
    }

    private static boolean loop(Suspension s, BooleanSupplier condition, long deadline) {
        long recheck = FIRST_RECHECK;
        for (; ; ) {
            if (condition.getAsBoolean()) {
                return s.wake() || s.outcome() == Suspension.Outcome.WOKEN;
            }
            long now = System.nanoTime();
            if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
                s.complete(Suspension.Outcome.TIMEDOUT);
            }
            Suspension.Outcome o = s.park(Math.min(deadline, now + recheck));
            if (o == Suspension.Outcome.WOKEN) {
                s.rearm();
                recheck = FIRST_RECHECK;
            } else if (o != Suspension.Outcome.PENDING) {
                return false;
            } else {
                recheck = Math.min(recheck * 2, MAX_RECHECK);
            }
        }
    }

    static int wakeup(String event) {
        Context.current().result(CoError.NONE);
        Set<Suspension> waiters = WAITERS.get(event);
        if (waiters == null) {
            return 0;
        }
        int n = 0;
        for (Suspension s : waiters) {
            if (s.wake()) {
                n++;
            }
        }
        return n;
    }
}
