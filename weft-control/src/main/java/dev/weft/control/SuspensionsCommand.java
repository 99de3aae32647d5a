package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.util.Comparator;
import java.util.List;

/** {@code suspensions [all]}: the operations coroutines wait in, oldest first. */
final class SuspensionsCommand implements Command {
    @Override
    public String name() {
        return "suspensions";
    }

    @Override
    public String description() {
        return "operations coroutines wait in, oldest first (args: all)";
    }

    @Override
    public JsonNode execute(Args args) {
        boolean all = args.flag("all");
        List<Coroutine> live = Co.list();
        record Pair(Coroutine c, Suspension s) {}
        List<Pair> pairs = new java.util.ArrayList<>();
        int i = 0;
        for (Coroutine c : live) {
            Fairness.step(i++);
            Suspension s = c.suspension();
            if (s != null && (all || !c.isSystem())) {
                pairs.add(new Pair(c, s));
            }
        }
        // Oldest first: the one an operator looks for is the one stuck longest.
        pairs.sort(Comparator.comparing((Pair p) -> p.s().startTime()));
        ArrayNode items = Json.array();
        for (Pair p : pairs) {
            items.add(CoroutineJson.suspension(p.c(), p.s()));
        }
        ObjectNode out = Json.object();
        out.put("count", items.size());
        out.set("suspensions", items);
        return out;
    }
}
