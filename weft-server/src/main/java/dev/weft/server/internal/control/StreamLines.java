package dev.weft.server.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import dev.weft.server.internal.ipc.Fanout;
import dev.weft.server.internal.ipc.JsonLineChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A {@link CoStream.Listener} that writes the stream to the CLI as lines (docs/CONTROL.md): a row line is
 * the child's row as it came; every other line is an object whose first field is {@code "stream"}:
 * {@code start} (pid, worker, slot), {@code end} (the child's reply), {@code missing} (pid, worker, slot,
 * error) and a last {@code done}. Rows are written in 64 KiB batches, the rest at once.
 */
final class StreamLines implements CoStream.Listener {
    private static final int FLUSH_AT = 1 << 16;
    private final JsonLineChannel out;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(FLUSH_AT + 4096);

    StreamLines(JsonLineChannel out) {
        this.out = out;
    }

    @Override
    public void start(Fanout.Child child) throws IOException {
        control(identity(Json.object().put("stream", "start"), child));
    }

    @Override
    public void row(byte[] line, int off, int len) throws IOException {
        buf.write(line, off, len);
        buf.write('\n');
        if (buf.size() >= FLUSH_AT) flush();
    }

    @Override
    public void end(Fanout.Child child, JsonNode reply) throws IOException {
        ObjectNode n = Json.object().put("stream", "end");
        n.set("reply", reply);
        control(n);
    }

    @Override
    public void missing(Fanout.Child child, String error) throws IOException {
        control(identity(Json.object().put("stream", "missing"), child).put("error", error));
    }

    /** The last line: the stream is complete. */
    void done() throws IOException {
        control(Json.object().put("stream", "done"));
    }

    private static ObjectNode identity(ObjectNode n, Fanout.Child child) {
        n.put("pid", child.pid());
        if (child.worker() != null) n.put("worker", child.worker()).put("slot", child.id());
        return n;
    }

    private void control(ObjectNode line) throws IOException {
        buf.write(Json.MAPPER.writeValueAsBytes(line));
        buf.write('\n');
        flush();
    }

    private void flush() throws IOException {
        if (buf.size() == 0) return;
        out.sendRaw(buf.toByteArray(), 0, buf.size());
        buf.reset();
    }
}
