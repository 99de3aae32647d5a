package dev.weft.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;

/**
 * {@code dump [all] [jdk] [match] [sort] [limit]}: every coroutine with its stack and Weft ids, selected
 * and ordered as {@link CoroutineQuery} says; with {@code jdk} also the JDK's own JSON thread dump (which
 * covers every virtual thread, managed or not) in the result.
 */
final class DumpCommand implements StreamingCommand {
    @Override
    public String name() {
        return "dump";
    }

    @Override
    public String description() {
        return "coroutine stacks with Weft ids (args: all, jdk = add the JDK JSON thread dump, match, sort, limit)";
    }

    @Override
    public ObjectNode stream(Args args, RowSink rows) {
        CoroutineQuery query = CoroutineQuery.from(args);
        boolean jdk = args.flag("jdk");
        CoroutineQuery.Selection selection = query.select(Co.list(), c -> true);
        ObjectNode out = Json.object();
        out.put("count", selection.rows().size());
        out.put("total", selection.total());
        query.describe(out);
        for (Coroutine c : selection.rows()) {
            rows.row(CoroutineJson.withStack(c));
        }
        if (jdk) {
            out.set("jdk", JdkThreadDump.json());
        }
        return out;
    }
}
