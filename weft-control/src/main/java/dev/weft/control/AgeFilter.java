package dev.weft.control;

import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KillBatch;
import dev.weft.coroutine.Suspension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Selects the coroutines that exceed an age, shared by {@code check}, {@code kill --older-than} and
 * the {@link Monitor} policy so they can never disagree. System coroutines are never selected.
 *
 * <p>With {@link AgeBasis#SUSPENSION} only coroutines waiting in an operation older than the limit
 * qualify; with {@link AgeBasis#COROUTINE} the coroutine's own age counts. An {@code event} pattern
 * further restricts the selection to coroutines whose current suspension event matches it
 * ({@link java.util.regex.Matcher#find()}), so a coroutine that is not waiting never matches one.
 *
 * <p>A coroutine in an <em>idle</em> wait ({@link Suspension#isIdle()}: a kept-alive connection
 * waiting for its client's next request or message) is never selected unless {@code includeIdle}:
 * an idle client is not stuck work, whatever its age.
 *
 * @param olderThan the limit; a coroutine qualifies when its age is strictly greater
 * @param basis which age to compare
 * @param event optional pattern on the suspension event, null for any
 * @param includeIdle whether idle waits may be selected too
 */
public record AgeFilter(Duration olderThan, AgeBasis basis, Pattern event, boolean includeIdle) {
    /** Checks limit and basis. */
    public AgeFilter {
        Objects.requireNonNull(olderThan, "olderThan");
        Objects.requireNonNull(basis, "basis");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
    }

    /** A filter that skips idle waits. */
    public AgeFilter(Duration olderThan, AgeBasis basis, Pattern event) {
        this(olderThan, basis, event, false);
    }

    /** A coroutine selected by the filter, with the suspension it was selected in (null for coroutine age). */
    public record Target(Coroutine coroutine, Suspension suspension, Duration age) {
        /**
         * Kills it. Selected by suspension age, the kill goes through that very suspension, so a
         * coroutine that has moved on since the selection is left alone.
         *
         * @return whether a kill was issued
         */
        public boolean kill() {
            return suspension != null ? suspension.kill() : coroutine.kill();
        }

        /** Kills it as {@link #kill()} does, its wake-up handed to its event loop with {@code batch}'s others. */
        public boolean kill(KillBatch batch) {
            return suspension != null ? batch.kill(suspension) : batch.kill(coroutine);
        }
    }

    /** The coroutines of {@code coroutines} that qualify, oldest first. */
    public List<Target> select(Collection<Coroutine> coroutines) {
        List<Target> out = new ArrayList<>();
        int i = 0;
        Pass pass = pass();
        for (Coroutine c : coroutines) {
            Fairness.step(i++);
            Target t = pass.test(c);
            if (t != null) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing(Target::age).reversed());
        return out;
    }

    /** The target for {@code c}, or null if it does not qualify. */
    public Target test(Coroutine c) {
        return pass().test(c);
    }

    /** A tester for one pass over many coroutines; see {@link Pass}. */
    public Pass pass() {
        return new Pass();
    }

    /**
     * {@link #test} for one pass over a registry, by one thread: it remembers whether the last event string
     * it saw matched the pattern, so the million waits of a big process, which share a few event strings
     * ({@code "sleep"}), cost one regular-expression search per distinct string in a row, not one each.
     */
    public final class Pass {
        private String lastEvent;
        private boolean lastMatched;

        private Pass() {}

        /** The target for {@code c}, or null if it does not qualify. */
        public Target test(Coroutine c) {
            if (c.isSystem() || c.isDone()) {
                return null;
            }
            Suspension s = c.suspension();
            if (s != null && s.isIdle() && !includeIdle) {
                return null;
            }
            if (event != null && (s == null || !matches(s.event()))) {
                return null;
            }
            return aged(c, s);
        }

        private boolean matches(String e) {
            if (e != lastEvent) {
                lastEvent = e;
                lastMatched = event.matcher(e).find();
            }
            return lastMatched;
        }
    }

    private Target aged(Coroutine c, Suspension s) {
        if (basis == AgeBasis.SUSPENSION) {
            if (s == null) {
                return null;
            }
            Duration age = s.age();
            return age.compareTo(olderThan) > 0 ? new Target(c, s, age) : null;
        }
        Duration age = c.age();
        return age.compareTo(olderThan) > 0 ? new Target(c, null, age) : null;
    }

    /** Reads {@code olderThan}, {@code coroutineAge}, {@code match} and {@code includeIdle} from command arguments. */
    static AgeFilter from(Args args) {
        return new AgeFilter(
                args.requiredDuration("olderThan"),
                args.flag("coroutineAge") ? AgeBasis.COROUTINE : AgeBasis.SUSPENSION,
                args.pattern("match"),
                args.flag("includeIdle"));
    }
}
