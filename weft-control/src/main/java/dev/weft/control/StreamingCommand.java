package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A command whose answer is a list of rows ({@code list}, {@code dump}, {@code check}): it sends them one
 * by one to a {@link RowSink} and returns only the small rest of its result ({@code count}, {@code total},
 * ...). Over the master's link the rows travel as lines while they are produced; {@link #execute} (the
 * Redis transport, tests) gathers them under {@code coroutines}.
 */
public interface StreamingCommand extends Command {
    /**
     * Runs the command, sending every row to {@code rows}.
     *
     * @return the result without the rows
     * @throws CommandException on bad arguments, before any row is sent
     */
    ObjectNode stream(Args args, RowSink rows);

    /** The result with the rows gathered under {@code coroutines}. */
    @Override
    default JsonNode execute(Args args) {
        ArrayNode rows = Json.array();
        ObjectNode out = stream(args, rows::add);
        out.set("coroutines", rows);
        return out;
    }
}
