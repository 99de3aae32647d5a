package dev.weft.control;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a {@link StreamingCommand} sends its rows, one coroutine at a time, so a process with a million
 * coroutines never builds its whole answer: the link to the master writes each row as one line as it
 * comes, and a reply that must be one document ({@link StreamingCommand#execute}) collects them.
 */
@FunctionalInterface
public interface RowSink {
    /**
     * Takes one row.
     *
     * @throws java.io.UncheckedIOException when the receiver is gone; the command stops there
     */
    void row(JsonNode row);

    /** The fields of one row, written straight to a generator (without the row's braces). */
    @FunctionalInterface
    interface Fields {
        /** Writes the fields. */
        void writeTo(JsonGenerator g) throws IOException;
    }

    /**
     * Takes one row given as its fields. A sink that serializes (the master's link) overrides this and
     * writes them straight to its output, with no tree per row; this default builds the tree for
     * {@link #row(JsonNode)}.
     *
     * @throws java.io.UncheckedIOException when the receiver is gone; the command stops there
     */
    default void fields(Fields fields) {
        try (TokenBuffer b = new TokenBuffer(Json.MAPPER, false)) {
            b.writeStartObject();
            fields.writeTo(b);
            b.writeEndObject();
            row(Json.MAPPER.readTree(b.asParser()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
