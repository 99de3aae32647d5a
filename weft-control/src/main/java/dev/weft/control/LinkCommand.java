package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Function;

/**
 * A command of the process's own runtime that only its master sends, over the child link ({@code ping},
 * {@code status}, {@code stop}, {@code take}, {@code metrics}, ...). It lives in the same {@link
 * CommandRegistry} as the operator's commands, but {@code help} does not list it, Redis cannot reach it,
 * and its result is the whole reply, without the process envelope: its callers are the master's code.
 */
public interface LinkCommand extends Command {
    /**
     * A link command answered by {@code handler}; its return value becomes JSON with Jackson.
     *
     * @param handler gets the request's arguments; a {@link CommandException} or any other exception
     *     becomes the link's error answer
     */
    static LinkCommand of(String name, Function<Args, Object> handler) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        return new LinkCommand() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public JsonNode execute(Args args) {
                return Json.MAPPER.valueToTree(handler.apply(args));
            }
        };
    }

    /** Link commands are not listed by {@code help}. */
    @Override
    default String description() {
        return "(the master's own)";
    }
}
