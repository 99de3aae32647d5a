package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;

/**
 * {@code kill cid=<id> [all]} kills one coroutine ({@code KilledException} at its next resume);
 * {@code kill olderThan=<d> [coroutineAge] [match=<regex>] [includeIdle]} kills every coroutine over
 * the age, never a system one, and an idle wait only with {@code includeIdle}. A system coroutine named by id is refused unless {@code all} is given.
 */
final class KillCommand implements Command {
    @Override
    public String name() {
        return "kill";
    }

    @Override
    public String description() {
        return "kills a coroutine by id, or all over an age (args: cid | olderThan, coroutineAge, match, includeIdle; all)";
    }

    @Override
    public JsonNode execute(Args args) {
        if (args.has("cid") && args.has("olderThan")) {
            throw new CommandException("give either 'cid' or 'olderThan', not both");
        }
        if (args.has("cid")) {
            return one(args.requiredLong("cid"), args.flag("all"));
        }
        if (args.has("olderThan")) {
            return overAge(AgeFilter.from(args));
        }
        throw new CommandException("kill needs 'cid' or 'olderThan'");
    }

    private static JsonNode one(long cid, boolean all) {
        ObjectNode out = Json.object().put("cid", cid);
        Coroutine c = Co.get(cid);
        if (c != null && c.isSystem() && !all) {
            return out.put("killed", false).put("error", "system coroutine; pass all=true to kill it");
        }
        boolean ok = Co.kill(cid);
        out.put("killed", ok);
        // success carries no "error" field (scripts test for its presence)
        return ok ? out : out.put("error", Co.lastError().name());
    }

    private static JsonNode overAge(AgeFilter filter) {
        ObjectNode out = CheckCommand.describe(filter);
        ArrayNode killed = out.putArray("killed");
        for (AgeFilter.Target t : filter.select(Co.list())) {
            if (t.kill()) {
                killed.add(t.coroutine().id());
            }
        }
        out.put("count", killed.size());
        return out;
    }
}
