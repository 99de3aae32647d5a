package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Co;
import dev.weft.coroutine.CoError;
import dev.weft.coroutine.Coroutine;

/**
 * {@code cancel cid=<id> [all]}: cancels the operation the coroutine waits in; the coroutine goes on
 * running (Swoole semantics). A system coroutine is refused unless {@code all} is given, so an
 * operator cannot cut the control channel they are typing into by a typo.
 */
final class CancelCommand implements Command {
    @Override
    public String name() {
        return "cancel";
    }

    @Override
    public String description() {
        return "cancels the operation a coroutine waits in; it keeps running (args: cid, all)";
    }

    @Override
    public JsonNode execute(Args args) {
        long cid = args.requiredLong("cid");
        Coroutine c = Co.get(cid);
        ObjectNode out = Json.object().put("cid", cid);
        if (c != null && c.isSystem() && !args.flag("all")) {
            return out.put("cancelled", false).put("error", "system coroutine; pass all=true to cancel it");
        }
        boolean ok = Co.cancel(cid);
        CoError error = Co.lastError();
        out.put("cancelled", ok);
        // success carries no "error" field (scripts test for its presence)
        return ok ? out : out.put("error", error.name());
    }
}
