package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Commands the master answers for the CLI, by name, in addition to the built-in {@code status},
 * {@code connections}, {@code stop}, {@code reload}. weft-control registers its {@code co ...} commands here
 * and sends them with {@link dev.weft.server.internal.cli.ControlClient}. A handler runs on a virtual thread of its CLI
 * connection (never on the master loop) and usually fans the command out to the children.
 */
public final class MasterCommands {
    private static final Map<String, BiFunction<JsonNode, Fanout, Object>> HANDLERS = new ConcurrentHashMap<>();

    private MasterCommands() {}

    /**
     * Registers (or replaces) a command.
     *
     * @param handler gets the request (the whole JSON object) and the fan-out; returns the reply value
     */
    public static void register(String name, BiFunction<JsonNode, Fanout, Object> handler) {
        HANDLERS.put(Objects.requireNonNull(name), Objects.requireNonNull(handler));
    }

    /** The handler for a command, if registered. */
    public static Optional<BiFunction<JsonNode, Fanout, Object>> handler(String name) {
        return Optional.ofNullable(HANDLERS.get(name));
    }
}
