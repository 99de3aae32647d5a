package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One control command, answered in the process that receives it. Implementations read their
 * arguments through {@link Args} (which reports bad input as {@link CommandException}) and return
 * the reply's {@code result}; {@link CommandRegistry} adds the process identity and the envelope.
 */
public interface Command {
    /** The name operators type: {@code list}, {@code kill}, ... */
    String name();

    /** One line for {@code help}. */
    String description();

    /**
     * Runs the command.
     *
     * @return the reply's {@code result} node
     * @throws CommandException on bad arguments
     */
    JsonNode execute(Args args);
}
