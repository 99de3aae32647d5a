package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code list [all] [tree] [match] [sort] [limit]}: the live coroutines, each with its parent, state, age
 * and the event and age of the operation it waits in; which and in what order as {@link CoroutineQuery}
 * says. System coroutines only with {@code all}. The result is {@code {count, total, sort, limit?, match?}}
 * with the rows streamed ({@code coroutines} when gathered): {@code count} rows of {@code total} matching.
 * With {@code tree}, the rows are the roots only (coroutines whose parent is not listed), each with its
 * listed children nested in {@code children}, recursively: the {@link dev.weft.coroutine.CoScope} (and
 * plain {@code Co.go}) parent/child tree.
 */
final class ListCommand implements StreamingCommand {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String description() {
        return "live coroutines: id, name, parent, state, age, current suspension"
                + " (args: all, tree, match, sort = id|age, limit)";
    }

    @Override
    public ObjectNode stream(Args args, RowSink rows) {
        CoroutineQuery query = CoroutineQuery.from(args);
        boolean tree = args.flag("tree");
        CoroutineQuery.Selection selection = query.select(Co.list(), c -> true);
        ObjectNode out = Json.object();
        out.put("count", selection.rows().size());
        out.put("total", selection.total());
        query.describe(out);
        if (tree) {
            ArrayNode flat = Json.array();
            selection.rows().forEach(c -> flat.add(CoroutineJson.coroutine(c)));
            tree(flat).forEach(rows::row);
        } else {
            for (Coroutine c : selection.rows()) {
                rows.fields(g -> CoroutineJson.write(g, c));
            }
        }
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
