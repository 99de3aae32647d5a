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
    private static final Map<String, StreamingHandler> STREAMING = new ConcurrentHashMap<>();

    /** A command that answers a request with {@code "stream": true} by writing lines itself. */
    @FunctionalInterface
    public interface StreamingHandler {
        /** Answers {@code request} on {@code out}; the connection is closed after it returns. */
        void handle(JsonNode request, Fanout fanout, JsonLineChannel out) throws java.io.IOException;
    }

    /** Registers (or replaces) the streaming form of a command; see {@link StreamingHandler}. */
    public static void registerStreaming(String name, StreamingHandler handler) {
        STREAMING.put(Objects.requireNonNull(name), Objects.requireNonNull(handler));
    }

    /** The streaming form of a command, if registered. */
    public static Optional<StreamingHandler> streaming(String name) {
        return Optional.ofNullable(STREAMING.get(name));
    }

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
