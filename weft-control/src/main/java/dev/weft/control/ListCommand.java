package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.util.Comparator;
import java.util.List;

/**
 * {@code list [all]}: the live coroutines by id, each with its parent, state, age and the event and
 * age of the operation it waits in. System coroutines only with {@code all}.
 */
final class ListCommand implements Command {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String description() {
        return "live coroutines: id, name, parent, state, age, current suspension (args: all)";
    }

    @Override
    public JsonNode execute(Args args) {
        boolean all = args.flag("all");
        List<Coroutine> live = Co.list();
        live.sort(Comparator.comparingLong(Coroutine::id));
        ObjectNode out = Json.object();
        ArrayNode items = Json.array();
        int i = 0;
        for (Coroutine c : live) {
            Fairness.step(i++);
            if (all || !c.isSystem()) {
                items.add(CoroutineJson.coroutine(c));
            }
        }
        out.put("count", items.size());
        out.set("coroutines", items);
        return out;
    }
}
