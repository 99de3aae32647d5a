package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import dev.weft.control.RowSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The rows of one streamed answer on their way out: each row becomes its line {@code {"rid":N,"row":{...}}}
 * (the row line {@link Peer#acceptLine} recognises) in a buffer that is written once it holds 64 KiB, so a million rows cost a
 * few thousand writes and the process never holds more than one batch. A row given as fields ({@link
 * #fields}) is written by one generator straight into the buffer, with no tree and no copy per row. Used by
 * one thread.
 */
public final class RowBatch implements RowSink {
    private static final int FLUSH_AT = 1 << 16;
    private final JsonLineChannel channel;
    private final long rid;
    private final Buffer buf = new Buffer(FLUSH_AT + 4096);
    private final JsonGenerator generator;

    /** Rows for request {@code rid} on {@code channel}. */
    public RowBatch(JsonLineChannel channel, long rid) {
        this.channel = channel;
        this.rid = rid;
        try {
            generator = Json.MAPPER.getFactory().createGenerator(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // One line per row: no separator between root values but the newline each row ends with.
        generator.setRootValueSeparator(null);
    }

    /**
     * Adds one row.
     *
     * @throws UncheckedIOException when the channel is gone
     */
    @Override
    public void row(JsonNode row) {
        line(g -> Json.MAPPER.writeTree(g, row));
    }

    /**
     * Adds one row, written field by field.
     *
     * @throws UncheckedIOException when the channel is gone
     */
    @Override
    public void fields(Fields fields) {
        line(g -> {
            g.writeStartObject();
            fields.writeTo(g);
            g.writeEndObject();
        });
    }

    /** Writes {@code {"rid":N,"row":} and the row {@code value} writes, then {@code }} and a newline. */
    private void line(Fields value) {
        try {
            JsonGenerator g = generator;
            g.writeStartObject();
            g.writeNumberField("rid", rid);
            g.writeFieldName("row");
            value.writeTo(g);
            g.writeEndObject();
            g.writeRaw('\n');
            if (buf.size() + g.getOutputBuffered() >= FLUSH_AT) flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what is buffered. */
    public void flush() throws IOException {
        generator.flush();
        if (buf.size() == 0) return;
        channel.sendRaw(buf.bytes(), 0, buf.size());
        buf.reset();
    }

    /** A byte buffer whose array is written as it is, without the copy {@code toByteArray} makes. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
