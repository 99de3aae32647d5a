package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.KillBatch;
import java.time.Instant;

/**
 * {@code kill cid=<id> [all]} kills one coroutine ({@code KilledException} at its next resume);
 * {@code kill olderThan=<d> [coroutineAge] [match=<regex>] [includeIdle]} kills every coroutine over
 * the age, never a system one, and an idle wait only with {@code includeIdle}. A system coroutine named by id is refused unless {@code all} is given.
 *
 * <p>Killing by age answers {@code count} (all it killed) and at most {@link #SAMPLE} of their ids under
 * {@code killed}: a reply that named each of a million killed coroutines would cost more than the kills.
 */
final class KillCommand implements Command {
    /** The most killed ids a kill by age names. */
    static final int SAMPLE = 100;

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

    /**
     * One pass over the registry, killing as it goes: no list of targets, no sort of a million, and the
     * wake-ups handed to the event loop in batches ({@link KillBatch}). The sample
     * of ids is the {@link #SAMPLE} oldest killed.
     */
    private static JsonNode overAge(AgeFilter filter) {
        ObjectNode out = CheckCommand.describe(filter);
        TopAges<Long> sample = new TopAges<>(SAMPLE);
        long count = 0;
        int i = 0;
        // The wake-ups reach the event loop in batches, not one cross-thread hand-off per coroutine.
        AgeFilter.Pass pass = filter.pass();
        try (KillBatch batch = new KillBatch()) {
            for (Coroutine c : Co.list()) {
                Fairness.step(i++);
                AgeFilter.Target t = pass.test(c);
                if (t != null && t.kill(batch)) {
                    count++;
                    Instant start = t.suspension() != null ? t.suspension().startTime() : c.startTime();
                    sample.offer(TopAges.startKey(start), c.id());
                }
            }
        }
        ArrayNode killed = out.putArray("killed");
        sample.oldestFirst().forEach(killed::add);
        out.put("count", count);
        // Whether "killed" names them all, so a script knows when it holds only a sample.
        out.put("sampled", count > SAMPLE);
        return out;
    }
}
