package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code list [all] [tree]}: the live coroutines by id, each with its parent, state, age and the
 * event and age of the operation it waits in. System coroutines only with {@code all}. With
 * {@code tree}, {@code coroutines} holds the roots only (coroutines whose parent is not listed), each
 * with its listed children nested in {@code children}, recursively: the {@link dev.weft.coroutine.CoScope}
 * (and plain {@code Co.go}) parent/child tree.
 */
final class ListCommand implements Command {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String description() {
        return "live coroutines: id, name, parent, state, age, current suspension (args: all, tree)";
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
        out.set("coroutines", args.flag("tree") ? tree(items) : items);
        return out;
    }

    /** Nests each row under its parent's row; rows whose parent is not listed are the roots. */
    static ArrayNode tree(ArrayNode rows) {
        Map<Long, ObjectNode> byId = new HashMap<>();
        for (JsonNode r : rows) {
            byId.put(r.path("id").asLong(), (ObjectNode) r);
        }
        ArrayNode roots = Json.array();
        for (JsonNode r : rows) {
            ObjectNode parent = byId.get(r.path("parent").asLong());
            if (parent == null || parent == r) {
                roots.add(r);
            } else {
                ArrayNode kids =
                        parent.has("children") ? (ArrayNode) parent.get("children") : parent.putArray("children");
                kids.add(r);
            }
        }
        return roots;
    }
}
