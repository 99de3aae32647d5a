package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Commands a child answers for the master, by name. The runtime registers {@code ping}, {@code status},
 * {@code connections}, {@code stop} and {@code reload}; other modules (weft-control) register theirs, in the
 * child, before or from {@code onWorkerStart}. A handler runs on its own virtual thread; its return value
 * is converted to JSON with Jackson and sent back as the reply, an exception becomes an error reply.
 * Send such a command from the master with {@link Fanout}.
 */
public final class ChildCommands {
    private static final Map<String, Function<JsonNode, Object>> HANDLERS = new ConcurrentHashMap<>();
    private static final java.util.Set<String> OFF_CARRIER = ConcurrentHashMap.newKeySet();
    private static final Map<String, StreamingHandler> STREAMING = new ConcurrentHashMap<>();

    /** A command whose answer may stream rows before its reply; see {@link Peer#requestStream}. */
    @FunctionalInterface
    public interface StreamingHandler {
        /**
         * Answers {@code args}, sending rows to {@code rows} (each sent as its own line, in order); with
         * {@code rows} null (the request did not ask for a stream) the rows belong in the reply.
         *
         * @return the reply value, sent after the rows
         */
        Object handle(JsonNode args, java.util.function.Consumer<JsonNode> rows);
    }

    private ChildCommands() {}

    /**
     * Registers (or replaces) a command.
     *
     * @param name    the command name
     * @param handler gets the request's {@code args} (an empty object if none), returns the reply value
     */
    public static void register(String name, Function<JsonNode, Object> handler) {
        HANDLERS.put(Objects.requireNonNull(name), Objects.requireNonNull(handler));
    }

    /**
     * Registers a command that runs on a platform thread of its own instead of a virtual thread:
     * for inspection commands ({@code co list}, {@code co dump}) that may run long over a big
     * registry and must neither starve the worker's carrier (its heartbeats would stop and the
     * master would kill it as stuck) nor depend on it (so a stuck worker can still be inspected).
     */
    public static void registerOffCarrier(String name, Function<JsonNode, Object> handler) {
        register(name, handler);
        OFF_CARRIER.add(name);
    }

    /**
     * Registers a command that may stream rows before its reply; it runs off the carrier, as
     * {@link #registerOffCarrier} says, since it serves the inspection commands.
     */
    public static void registerStreaming(String name, StreamingHandler handler) {
        STREAMING.put(Objects.requireNonNull(name), Objects.requireNonNull(handler));
        // Asked without "stream", the rows belong in the reply.
        registerOffCarrier(name, args -> handler.handle(args, null));
    }

    /** The streaming handler for a command, if it was registered as one. */
    public static Optional<StreamingHandler> streaming(String name) {
        return Optional.ofNullable(STREAMING.get(name));
    }

    /** Whether {@code name} runs on a platform thread; see {@link #registerOffCarrier}. */
    public static boolean isOffCarrier(String name) {
        return OFF_CARRIER.contains(name);
    }

    /** The handler for a command, if registered. */
    public static Optional<Function<JsonNode, Object>> handler(String name) {
        return Optional.ofNullable(HANDLERS.get(name));
    }

    /** Registers only if no handler has the name yet (the runtime's built-ins do not override a user's). */
    public static void registerDefault(String name, Function<JsonNode, Object> handler) {
        HANDLERS.putIfAbsent(name, handler);
    }
}
