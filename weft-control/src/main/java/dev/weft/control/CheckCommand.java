package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import java.util.List;

/**
 * {@code check olderThan=<d> [coroutineAge] [match=<regex>] [includeIdle]}: the coroutines that
 * exceed the age, oldest first, without touching them. System coroutines are never reported; idle
 * waits only with {@code includeIdle}.
 */
final class CheckCommand implements Command {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String description() {
        return "coroutines over an age, touching nothing (args: olderThan, coroutineAge, match, includeIdle)";
    }

    @Override
    public JsonNode execute(Args args) {
        AgeFilter filter = AgeFilter.from(args);
        List<AgeFilter.Target> over = filter.select(Co.list());
        ObjectNode out = describe(filter);
        ArrayNode items = out.putArray("coroutines");
        for (AgeFilter.Target t : over) {
            items.add(CoroutineJson.coroutine(t.coroutine()));
        }
        out.put("count", items.size());
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
