package dev.weft.control;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.coroutine.Coroutine;
import dev.weft.coroutine.Suspension;
import java.io.IOException;
import java.time.Duration;

/**
 * The JSON shape of a coroutine and of a suspension in replies; one place so every command agrees. A row
 * is built as a tree ({@link #coroutine}) or written field by field to a generator ({@link #write}), which
 * is how a listing of a million coroutines is streamed without a tree per row; both give the same fields
 * in the same order.
 */
public final class CoroutineJson {
    private CoroutineJson() {}

    /**
     * {@code {id, name, parent, state, system, age_ms, kill_pending, suspension: {id, event, age_ms,
     * limit_ms?, cancellable, idle} | null}}.
     */
    public static ObjectNode coroutine(Coroutine c) {
        ObjectNode n = Json.object();
        n.put("id", c.id());
        n.put("name", c.name());
        n.put("parent", c.parentId());
        n.put("state", c.state().name());
        n.put("system", c.isSystem());
        n.put("age_ms", Json.millis(c.age()));
        n.put("kill_pending", c.isKillPending());
        Suspension s = c.suspension();
        if (s == null) {
            n.putNull("suspension");
        } else {
            n.set("suspension", suspensionFields(s, Json.object()));
        }
        return n;
    }

    /** The fields of {@link #coroutine}, written to {@code g} inside an object the caller opened. */
    public static void write(JsonGenerator g, Coroutine c) throws IOException {
        g.writeNumberField("id", c.id());
        g.writeStringField("name", c.name());
        g.writeNumberField("parent", c.parentId());
        g.writeStringField("state", c.state().name());
        g.writeBooleanField("system", c.isSystem());
        g.writeNumberField("age_ms", Json.millis(c.age()));
        g.writeBooleanField("kill_pending", c.isKillPending());
        Suspension s = c.suspension();
        if (s == null) {
            g.writeNullField("suspension");
            return;
        }
        g.writeObjectFieldStart("suspension");
        g.writeNumberField("id", s.id());
        g.writeStringField("event", s.event());
        g.writeNumberField("age_ms", Json.millis(s.age()));
        Duration limit = s.timeLimit();
        if (limit != null) {
            g.writeNumberField("limit_ms", Json.millis(limit));
        }
        g.writeBooleanField("cancellable", s.isCancellable());
        g.writeBooleanField("idle", s.isIdle());
        g.writeEndObject();
    }

    /** {@link #coroutine} plus {@code stack}: one {@code "at ..."} string per frame. */
    public static ObjectNode withStack(Coroutine c) {
        ObjectNode n = coroutine(c);
        ArrayNode stack = n.putArray("stack");
        for (StackTraceElement e : c.stackTrace()) {
            stack.add(e.toString());
        }
        return n;
    }

    /** {@code {id, coroutine, coroutine_name, event, age_ms, limit_ms (when the wait has a limit), cancellable, idle}}. */
    public static ObjectNode suspension(Coroutine c, Suspension s) {
        ObjectNode n = Json.object();
        n.put("id", s.id());
        n.put("coroutine", c.id());
        n.put("coroutine_name", c.name());
        return suspensionFields(s, n);
    }

    private static ObjectNode suspensionFields(Suspension s, ObjectNode n) {
        if (!n.has("id")) {
            n.put("id", s.id());
        }
        n.put("event", s.event());
        n.put("age_ms", Json.millis(s.age()));
        if (s.timeLimit() != null) {
            n.put("limit_ms", Json.millis(s.timeLimit()));
        }
        n.put("cancellable", s.isCancellable());
        n.put("idle", s.isIdle());
        return n;
    }
}
