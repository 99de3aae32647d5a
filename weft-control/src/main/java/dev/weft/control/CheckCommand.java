package dev.weft.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code check olderThan=<d> [coroutineAge] [match=<regex>] [includeIdle] [sort] [limit]}: the coroutines
 * that exceed the age, oldest first ({@code sort=id}: by id), at most {@code limit}, without touching
 * them. {@code match} is {@link AgeFilter}'s pattern on the wait's event. System coroutines are never
 * reported; idle waits only with {@code includeIdle}.
 */
final class CheckCommand implements StreamingCommand {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String description() {
        return "coroutines over an age, touching nothing"
                + " (args: olderThan, coroutineAge, match, includeIdle, sort = age|id, limit)";
    }

    @Override
    public ObjectNode stream(Args args, RowSink rows) {
        AgeFilter filter = AgeFilter.from(args);
        String sort = args.text("sort");
        if (sort != null && !sort.equalsIgnoreCase("age") && !sort.equalsIgnoreCase("id")) {
            throw new CommandException("argument 'sort' must be age or id, got \"" + sort + "\"");
        }
        long limit = args.has("limit") ? args.requiredLong("limit") : 0;
        List<AgeFilter.Target> over = filter.select(Co.list());
        int total = over.size();
        if (limit > 0 && over.size() > limit) {
            over = over.subList(0, (int) limit);
        }
        if ("id".equalsIgnoreCase(sort)) {
            over = new ArrayList<>(over);
            over.sort(Comparator.comparingLong(t -> t.coroutine().id()));
        }
        ObjectNode out = describe(filter);
        out.put("count", over.size());
        out.put("total", total);
        for (AgeFilter.Target t : over) {
            rows.fields(g -> CoroutineJson.write(g, t.coroutine()));
        }
        return out;
    }

    /** {@code {older_than_ms, basis, match}}: what was asked, echoed so a merged answer is self-explaining. */
    static ObjectNode describe(AgeFilter filter) {
        ObjectNode out = Json.object();
        out.put("older_than_ms", Json.millis(filter.olderThan()));
        out.put("basis", filter.basis().name().toLowerCase(java.util.Locale.ROOT));
        if (filter.event() != null) {
            out.put("match", filter.event().pattern());
        }
        out.put("include_idle", filter.includeIdle());
        return out;
    }
}
