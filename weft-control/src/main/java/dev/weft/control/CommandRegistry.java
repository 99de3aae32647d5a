package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commands a process answers, by name. {@link #handle} never throws: an unknown command, bad
 * arguments or a failing command all come back as an error reply, because a control channel that
 * dies on one bad message would leave the operator blind when they need it most.
 *
 * <p>Every reply is an object {@code {host, pid, worker, slot, cmd, ok, result | error}}.
 */
public final class CommandRegistry {
    private static final System.Logger LOG = System.getLogger(CommandRegistry.class.getName());
    private final ProcessIdentity identity;
    private final Map<String, Command> commands = new ConcurrentHashMap<>();

    /** An empty registry answering as {@code identity}; {@link Commands#standard} fills one with the built-ins. */
    public CommandRegistry(ProcessIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        register(new HelpCommand(this));
    }

    /** The identity every reply names. */
    public ProcessIdentity identity() {
        return identity;
    }

    /**
     * Adds (or replaces) a command; other modules register their own ({@code status}, {@code reload}).
     *
     * @return this registry
     */
    public CommandRegistry register(Command command) {
        commands.put(command.name(), command);
        return this;
    }

    /** The registered commands, sorted by name. */
    public Map<String, Command> commands() {
        return new TreeMap<>(commands);
    }

    /**
     * Runs command {@code name} with {@code args} (may be null). An {@code args.pid} that is not
     * this process's pid targets another process of a broadcast: the reply then only says
     * {@code skipped: true}, and nothing runs.
     *
     * @return the reply; never null, never thrown
     */
    public ObjectNode handle(String name, JsonNode args) {
        ObjectNode reply = identity.writeTo(Json.object());
        reply.put("cmd", name);
        if (name == null || name.isBlank()) {
            return error(reply, "missing command name");
        }
        if (args != null && args.hasNonNull("pid") && args.get("pid").asLong() != identity.pid()) {
            return reply.put("ok", true).put("skipped", true);
        }
        Command command = commands.get(name);
        if (command == null) {
            return error(
                    reply,
                    "unknown command '" + name + "'; known: "
                            + String.join(", ", commands().keySet()));
        }
        try {
            JsonNode result = command.execute(Args.of(args));
            reply.put("ok", true);
            reply.set("result", result);
            return reply;
        } catch (CommandException e) {
            return error(reply, e.getMessage());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A bug in a command must not take the control channel down with it.
            LOG.log(System.Logger.Level.WARNING, "command " + name + " failed", e);
            return error(reply, "command failed: " + e);
        }
    }

    private static ObjectNode error(ObjectNode reply, String message) {
        reply.put("ok", false);
        reply.put("error", message);
        return reply;
    }
}
