package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;

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
}
