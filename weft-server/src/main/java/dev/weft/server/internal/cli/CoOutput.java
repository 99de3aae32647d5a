package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints the merged answer of a {@code co} command: {@code {cmd, processes: [reply], missing: [...]}}
 * where each reply is weft-control's {@code {host, pid, worker, slot, ok, result | error}}.
 */
final class CoOutput {
    private final PrintWriter out;
    private final PrintWriter err;

    CoOutput(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Converts a Redis broadcast result to the shape the local transport answers. */
    static JsonNode fromBroadcast(String cmd, ObjectNode result) {
        ObjectNode doc = Json.object()
                .put("cmd", cmd)
                .put("expected", result.path("expected").asInt())
                .put("answered", result.path("answered").asInt());
        // A fleet: every machine's processes, grouped by host (then worker, slot, pid as the client sorted them).
        java.util.List<JsonNode> replies = new java.util.ArrayList<>();
        for (JsonNode r : result.path("replies")) {
            if (!r.path("skipped").asBoolean()) {
                replies.add(r);
            }
        }
        replies.sort(
                java.util.Comparator.comparing((JsonNode r) -> r.path("host").asText()));
        ArrayNode processes = doc.putArray("processes");
        ObjectNode hosts = doc.putObject("hosts");
        for (JsonNode r : replies) {
            processes.add(r);
            String host = r.path("host").asText();
            hosts.put(host, hosts.path(host).asInt() + 1);
        }
        ArrayNode missing = doc.putArray("missing");
        for (JsonNode m : result.path("missing")) {
            missing.addObject().put("process", m.asText()).put("error", "no answer");
        }
        return doc;
    }

    /**
     * Prints {@code doc}; returns 0, or 1 when a process answered with an error, no process answered,
     * or a {@code cancel}/{@code kill} of one coroutine found nothing to cancel or kill.
     */
    int print(String cmd, JsonNode doc, boolean json) throws java.io.IOException {
        boolean failed = false;
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(doc));
        } else {
            String host = null;
            for (JsonNode p : doc.path("processes")) {
                if (doc.has("hosts") && !p.path("host").asText().equals(host)) {
                    host = p.path("host").asText();
                    out.println(
                            "host " + host + " (" + doc.path("hosts").path(host).asInt() + " processes)");
                }
                failed |= printProcess(cmd, p);
            }
        }
        for (JsonNode m : doc.path("missing")) {
            err.println(missing(m));
            // A busy process among answering ones is a report, not a failure; nobody answering is.
            failed |= doc.path("processes").isEmpty();
        }
        out.flush();
        err.flush();
        for (JsonNode p : doc.path("processes")) {
            failed |= !p.path("ok").asBoolean() || missedTarget(cmd, p.path("result"));
        }
        return failed ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private boolean printProcess(String cmd, JsonNode p) {
        if (!p.path("ok").asBoolean()) {
            out.println(label(p) + " error: " + p.path("error").asText());
            return true;
        }
        JsonNode r = p.path("result");
        switch (cmd) {
            case "list", "check" -> coroutines(p, r);
            case "suspensions" -> suspensions(p, r);
            case "dump" -> dump(p, r);
            case "kill" ->
                out.println(label(p) + " "
                        + (r.has("count") ? "killed " + r.path("count").asInt() + " coroutines" : r));
            default -> out.println(label(p) + " " + r);
        }
        return false;
    }

    private void coroutines(JsonNode p, JsonNode r) {
        out.println(label(p) + ": " + r.path("count").asInt() + " coroutines");
        out.println(header());
        for (JsonNode c : r.path("coroutines")) {
            out.print(row(c, 0));
        }
    }

    /** The column titles of the coroutine table. */
    static String header() {
        return String.format("  %-8s %-28s %-8s %-10s %10s  %s", "ID", "NAME", "PARENT", "STATE", "AGE", "WAITING IN");
    }

    /** One row and a newline, then (with {@code --tree}) its children indented under it. */
    static String row(JsonNode c, int depth) {
        JsonNode s = c.path("suspension");
        String waiting = s.isMissingNode() || s.isNull()
                ? ""
                : s.path("event").asText() + " for " + ms(s.path("age_ms").asLong())
                        + (s.has("limit_ms")
                                ? " of " + ms(Math.round(s.path("limit_ms").asDouble()))
                                : "")
                        + (s.path("cancellable").asBoolean(true) ? "" : " (uncancellable)");
        if (c.path("kill_pending").asBoolean()) {
            waiting += " [kill pending]";
        }
        String name = depth == 0
                ? c.path("name").asText()
                : "  ".repeat(depth - 1) + "`- " + c.path("name").asText();
        StringBuilder b = new StringBuilder(String.format(
                "  %-8d %-28s %-8d %-10s %10s  %s%n",
                c.path("id").asLong(),
                name,
                c.path("parent").asLong(),
                c.path("state").asText(),
                ms(c.path("age_ms").asLong()),
                waiting));
        for (JsonNode child : c.path("children")) {
            b.append(row(child, depth + 1));
        }
        return b.toString();
    }

    private void dump(JsonNode p, JsonNode r) {
        out.println(label(p) + ": " + r.path("count").asInt() + " coroutines");
        for (JsonNode c : r.path("coroutines")) {
            out.print(dumpEntry(c));
        }
        if (r.has("jdk")) {
            out.println(r.get("jdk").toPrettyString());
        }
    }

    /** One coroutine of a dump: a blank line, its heading, its frames. */
    static String dumpEntry(JsonNode c) {
        JsonNode s = c.path("suspension");
        StringBuilder b = new StringBuilder(System.lineSeparator());
        b.append("Coroutine \"")
                .append(c.path("name").asText())
                .append("\" #")
                .append(c.path("id").asLong())
                .append(", state: ")
                .append(c.path("state").asText())
                .append(
                        s.isObject()
                                ? " (" + s.path("event").asText() + ") since "
                                        + ms(s.path("age_ms").asLong())
                                : "")
                .append(c.path("kill_pending").asBoolean() ? ", kill pending" : "")
                .append(System.lineSeparator());
        for (JsonNode frame : c.path("stack")) {
            b.append("\tat ").append(frame.asText()).append(System.lineSeparator());
        }
        return b.toString();
    }

    private void suspensions(JsonNode p, JsonNode r) {
        out.println(label(p) + ":");
        for (JsonNode s : r.path("suspensions")) {
            out.println(String.format(
                    "  #%-8d coroutine %-8d %-40s %10s",
                    s.path("id").asLong(),
                    s.path("coroutine").asLong(),
                    s.path("event").asText(),
                    ms(s.path("age_ms").asLong())));
        }
    }

    /** Whether a cancel or kill of one coroutine id did nothing (no such coroutine, already done, a system one). */
    private static boolean missedTarget(String cmd, JsonNode r) {
        if (!r.has("cid")) {
            return false;
        }
        return switch (cmd) {
            case "cancel" -> !r.path("cancelled").asBoolean();
            case "kill" -> !r.path("killed").asBoolean();
            default -> false;
        };
    }

    static String missing(JsonNode m) {
        if (m.has("process")) {
            return m.path("process").asText() + " did not answer: "
                    + m.path("error").asText("no answer");
        }
        if (!m.path("worker").isTextual()) {
            // The master knows no child by that pid: a typo, or the process has exited since it was listed.
            return "no worker process has pid " + m.path("pid").asLong() + " ("
                    + m.path("error").asText() + ")";
        }
        return label(m) + " did not answer: " + m.path("error").asText("no answer");
    }

    static String label(JsonNode p) {
        if (p.has("process")) {
            return p.path("process").asText();
        }
        return "worker[" + p.path("worker").asText() + ":" + p.path("pid").asLong() + "]";
    }

    static String ms(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
