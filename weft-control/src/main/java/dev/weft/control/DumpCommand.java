package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.Coroutine;
import java.util.Comparator;
import java.util.List;

/**
 * {@code dump [all] [jdk]}: every coroutine with its stack and Weft ids; with {@code jdk} also the
 * JDK's own JSON thread dump (which covers every virtual thread, managed or not).
 */
final class DumpCommand implements Command {
    @Override
    public String name() {
        return "dump";
    }

    @Override
    public String description() {
        return "coroutine stacks with Weft ids (args: all, jdk = add the JDK JSON thread dump)";
    }

    @Override
    public JsonNode execute(Args args) {
        boolean all = args.flag("all");
        boolean jdk = args.flag("jdk");
        List<Coroutine> live = Co.list();
        live.sort(Comparator.comparingLong(Coroutine::id));
        ArrayNode items = Json.array();
        int i = 0;
        for (Coroutine c : live) {
            Fairness.step(i++);
            if (all || !c.isSystem()) {
                items.add(CoroutineJson.withStack(c));
            }
        }
        ObjectNode out = Json.object();
        out.put("count", items.size());
        out.set("coroutines", items);
        if (jdk) {
            out.set("jdk", JdkThreadDump.json());
        }
        return out;
    }
}
