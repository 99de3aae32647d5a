package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.control.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The rows of one streamed answer on their way out: each row becomes its line ({@link Peer#rowLine}) in a
 * buffer that is written once it holds 64 KiB, so a million rows cost a few thousand writes and the
 * process never holds more than one batch. Used by one thread.
 */
public final class RowBatch {
    private static final int FLUSH_AT = 1 << 16;
    private final JsonLineChannel channel;
    private final long rid;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(FLUSH_AT + 4096);

    /** Rows for request {@code rid} on {@code channel}. */
    public RowBatch(JsonLineChannel channel, long rid) {
        this.channel = channel;
        this.rid = rid;
    }

    /**
     * Adds one row.
     *
     * @throws UncheckedIOException when the channel is gone
     */
    public void add(JsonNode row) {
        try {
            buf.writeBytes(Peer.rowLine(rid, Json.MAPPER.writeValueAsBytes(row)));
            if (buf.size() >= FLUSH_AT) flush();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what is buffered. */
    public void flush() throws IOException {
        if (buf.size() == 0) return;
        channel.sendRaw(buf.toByteArray(), 0, buf.size());
        buf.reset();
    }
}
