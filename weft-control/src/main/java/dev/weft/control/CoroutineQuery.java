package dev.weft.control;

import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which coroutines a listing shows and in what order, applied inside the process that owns them so only
 * the rows asked for ever leave it: {@code all} (system coroutines too), {@code match} (a regular
 * expression found in the name or in the current wait's event), {@code sort} ({@code id}, ascending, or
 * {@code age}: the longest current wait first, a coroutine that is not waiting counting by its own age)
 * and {@code limit} (at most that many rows; absent or 0 for all). A limit keeps only a heap of that many,
 * so {@code --limit 200} over a million coroutines costs no sort of the million.
 *
 * @param all include system coroutines
 * @param match optional pattern on name or event
 * @param sort the order
 * @param limit at most this many rows, 0 for no limit
 */
record CoroutineQuery(boolean all, Pattern match, Sort sort, int limit) {
    /** The orders {@code sort} takes. */
    enum Sort {
        ID,
        AGE
    }

    private static final Comparator<Coroutine> BY_ID = Comparator.comparingLong(Coroutine::id);
    private static final Comparator<Coroutine> BY_AGE =
            Comparator.comparing(CoroutineQuery::waitAge).reversed().thenComparing(BY_ID);

    /** Reads {@code all}, {@code match}, {@code sort} and {@code limit}. */
    static CoroutineQuery from(Args args) {
        String sort = args.text("sort");
        Sort s;
        if (sort == null || sort.equalsIgnoreCase("id")) {
            s = Sort.ID;
        } else if (sort.equalsIgnoreCase("age")) {
            s = Sort.AGE;
        } else {
            throw new CommandException("argument 'sort' must be age or id, got \"" + sort + "\"");
        }
        long limit = args.has("limit") ? args.requiredLong("limit") : 0;
        if (limit > Integer.MAX_VALUE) {
            throw new CommandException("argument 'limit' is too large: " + limit);
        }
        return new CoroutineQuery(args.flag("all"), args.pattern("match"), s, (int) limit);
    }

    /** The age {@code sort=age} orders by: the current wait's, else the coroutine's own. */
    static Duration waitAge(Coroutine c) {
        Suspension s = c.suspension();
        return s != null ? s.age() : c.age();
    }

    /** Whether {@code c} passes {@code all} and {@code match}. */
    boolean accepts(Coroutine c) {
        if (c.isSystem() && !all) {
            return false;
        }
        if (match == null) {
            return true;
        }
        if (match.matcher(c.name()).find()) {
            return true;
        }
        Suspension s = c.suspension();
        return s != null && match.matcher(s.event()).find();
    }

    /** The selection: the rows in order, and how many matched before the limit. */
    record Selection(List<Coroutine> rows, int total) {}

    /** Selects from {@code live} the coroutines that pass this query and {@code also}. */
    Selection select(Collection<Coroutine> live, Predicate<Coroutine> also) {
        Comparator<Coroutine> order = sort == Sort.AGE ? BY_AGE : BY_ID;
        int total = 0;
        int i = 0;
        if (limit == 0) {
            List<Coroutine> rows = new ArrayList<>();
            for (Coroutine c : live) {
                Fairness.step(i++);
                if (accepts(c) && also.test(c)) {
                    rows.add(c);
                }
            }
            if (sort == Sort.ID) {
                ById.sort(rows);
            } else {
                rows.sort(order);
            }
            return new Selection(rows, rows.size());
        }
        // The worst kept row on top, so a better one replaces it: a heap of `limit`, never of the whole registry.
        PriorityQueue<Coroutine> kept = new PriorityQueue<>(Math.min(limit, 1024) + 1, order.reversed());
        for (Coroutine c : live) {
            Fairness.step(i++);
            if (accepts(c) && also.test(c)) {
                total++;
                kept.add(c);
                if (kept.size() > limit) {
                    kept.poll();
                }
            }
        }
        List<Coroutine> rows = new ArrayList<>(kept);
        rows.sort(order);
        return new Selection(rows, total);
    }

    /** Echoes the query into a result, so a merged answer says what was asked. */
    void describe(com.fasterxml.jackson.databind.node.ObjectNode out) {
        out.put("sort", sort.name().toLowerCase(Locale.ROOT));
        if (limit > 0) {
            out.put("limit", limit);
        }
        if (match != null) {
            out.put("match", match.pattern());
        }
    }
}
