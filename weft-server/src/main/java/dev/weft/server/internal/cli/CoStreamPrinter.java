package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Prints a streamed {@code co list}, {@code dump} or {@code check} as its lines arrive (docs/CONTROL.md):
 * a table, one row per line as it comes ({@code --jsonl}), or one JSON document ({@code --json}) in which
 * each process's rows are spliced, unparsed, into its {@code result.coroutines} array, in the shape the
 * non-streamed answer has: {@code {cmd, processes: [{host, pid, worker, slot, cmd, ok, result: {coroutines,
 * count, total, ...}}], missing: [...]}}.
 */
final class CoStreamPrinter implements ControlClient.LineHandler {
    /** How the rows are printed. */
    enum Mode {
        TABLE,
        JSONL,
        JSON
    }

    private static final byte[] CONTROL = "{\"stream\":".getBytes(StandardCharsets.US_ASCII);

    private final String cmd;
    private final Mode mode;
    private final Writer out;
    private final PrintWriter err;
    private final ArrayNode missing = Json.MAPPER.createArrayNode();
    private int answered;
    private boolean failed;
    private boolean done;
    private boolean firstProcess = true;
    private boolean firstRow;
    /** The {@code start} line of the process whose rows come next; opened in the output at its first row or end. */
    private JsonNode pending;

    private boolean open;

    CoStreamPrinter(String cmd, Mode mode, Writer out, PrintWriter err) {
        this.cmd = cmd;
        this.mode = mode;
        this.out = out;
        this.err = err;
    }

    /** Starts the document ({@code --json}). */
    void begin() throws IOException {
        if (mode == Mode.JSON) out.write("{\"cmd\":" + quote(cmd) + ",\"processes\":[");
    }

    @Override
    public void line(byte[] line) throws IOException {
        if (!startsWith(line, CONTROL)) {
            row(line);
            return;
        }
        JsonNode n = Json.MAPPER.readTree(line);
        switch (n.path("stream").asText()) {
            case "start" -> start(n);
            case "end" -> end(n.path("reply"));
            case "missing" -> missing(n);
            case "done" -> done = true;
            default -> {
                // a later version's line: nothing to print
            }
        }
    }

    private void start(JsonNode n) {
        pending = n;
        open = false;
        firstRow = true;
    }

    /** Writes the process's opening, once it has something to show: a process that never answers has none. */
    private void open() throws IOException {
        if (open || pending == null) return;
        open = true;
        JsonNode n = pending;
        if (mode == Mode.JSON) {
            out.write(firstProcess ? "" : ",");
            out.write("{\"pid\":" + n.path("pid").asLong() + ",\"result\":{\"coroutines\":[");
        } else if (mode == Mode.TABLE) {
            out.write(CoOutput.label(n) + ":\n");
            if (!cmd.equals("dump")) out.write(CoOutput.header() + "\n");
        }
        firstProcess = false;
    }

    private void missing(JsonNode n) throws IOException {
        ObjectNode m = ((ObjectNode) n.deepCopy()).without("stream");
        missing.add(m);
        if (open && mode == Mode.JSON) {
            // Rows came, then silence: the process closes as failed, and is listed under missing too.
            out.write("]},\"ok\":false,\"error\":" + quote(m.path("error").asText()) + "}");
        }
        pending = null;
        open = false;
    }

    private void row(byte[] line) throws IOException {
        open();
        switch (mode) {
            case JSON -> {
                if (!firstRow) out.write(',');
                out.write(new String(line, StandardCharsets.UTF_8));
            }
            case JSONL -> {
                out.write(new String(line, StandardCharsets.UTF_8));
                out.write('\n');
            }
            case TABLE -> {
                JsonNode c = Json.MAPPER.readTree(line);
                out.write(cmd.equals("dump") ? CoOutput.dumpEntry(c) : CoOutput.row(c, 0));
            }
        }
        firstRow = false;
    }

    private void end(JsonNode reply) throws IOException {
        open();
        pending = null;
        open = false;
        boolean ok = reply.path("ok").asBoolean();
        failed |= !ok;
        if (ok) answered++;
        JsonNode r = reply.path("result");
        if (mode == Mode.JSON) {
            out.write("]");
            ObjectNode rest = r.isObject() ? ((ObjectNode) r).deepCopy() : Json.object();
            rest.remove("coroutines");
            if (!rest.isEmpty()) out.write("," + inner(rest));
            out.write("}");
            ObjectNode identity = ((ObjectNode) reply).deepCopy();
            identity.remove("result");
            identity.remove("pid");
            if (!identity.isEmpty()) out.write("," + inner(identity));
            out.write("}");
        } else if (!ok) {
            String text =
                    CoOutput.label(reply) + " error: " + reply.path("error").asText();
            if (mode == Mode.TABLE) out.write(text + "\n");
            else err.println(text);
        } else if (mode == Mode.TABLE) {
            int count = r.path("count").asInt();
            int total = r.path("total").asInt(count);
            out.write("  " + count + (total > count ? " of " + total : "") + " coroutines"
                    + (total > count ? " (--limit " + count + "; --limit 0 for all)" : "") + "\n");
            if (r.has("jdk")) out.write(r.get("jdk").toPrettyString() + "\n");
        }
    }

    /**
     * Ends the output and says how it went: 0, or 1 when a process answered with an error, no process
     * answered, or the stream broke off before its end.
     */
    int finish() throws IOException {
        if (mode == Mode.JSON) {
            out.write("],\"missing\":" + Json.MAPPER.writeValueAsString(missing) + "}\n");
        }
        out.flush();
        for (JsonNode m : missing) err.println(CoOutput.missing(m));
        if (!done) err.println("the master closed the stream before its end");
        err.flush();
        return failed || !done || (!missing.isEmpty() && answered == 0) ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private static String inner(ObjectNode n) throws IOException {
        String s = Json.MAPPER.writeValueAsString(n);
        return s.substring(1, s.length() - 1);
    }

    private static String quote(String s) throws IOException {
        return Json.MAPPER.writeValueAsString(s);
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        if (line.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (line[i] != prefix[i]) return false;
        return true;
    }
}
