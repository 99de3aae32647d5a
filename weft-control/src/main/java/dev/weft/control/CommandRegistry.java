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
 * <p>Every reply is an object {@code {host, pid, worker, slot, cmd, ok, result | error}}. A worker process has
 * one registry for everything it answers: the operator's commands ({@link Commands#standard}), asked over
 * the master's link or Redis, and its runtime's {@link LinkCommand}s, which only the master's link reaches
 * ({@link #dispatch}).
 */
public final class CommandRegistry {
    private static final System.Logger LOG = System.getLogger(CommandRegistry.class.getName());
    private volatile ProcessIdentity identity;
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
     * Names the process differently from now on: a standby learns its slot only when it is taken.
     *
     * @return this registry
     */
    public CommandRegistry identify(ProcessIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        return this;
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

    /** The operator's commands, sorted by name (not the {@link LinkCommand}s). */
    public Map<String, Command> commands() {
        Map<String, Command> out = new TreeMap<>(commands);
        out.values().removeIf(c -> c instanceof LinkCommand);
        return out;
    }

    /** Whether {@code name} is a {@link LinkCommand}: the runtime's own, answered for its master only. */
    public boolean isLink(String name) {
        return name != null && commands.get(name) instanceof LinkCommand;
    }

    /**
     * Answers one request of the master's link: a {@link LinkCommand} with its bare result, any other
     * command as {@link #handle} or, given {@code rows}, as {@link #stream}, in the process envelope.
     *
     * @param rows where a streaming command's rows go; null: they stay in the reply
     * @return the reply
     * @throws CommandException for an unknown command or a link command's bad arguments; any other failure
     *     of a link command is thrown as is (the link answers it as an error)
     */
    public JsonNode dispatch(String name, JsonNode args, RowSink rows) {
        Command command = name == null ? null : commands.get(name);
        if (command == null) {
            throw new CommandException("unknown command " + name);
        }
        if (command instanceof LinkCommand) {
            return command.execute(Args.of(args));
        }
        return run(name, args, rows);
    }

    /**
     * Runs command {@code name} with {@code args} (may be null). An {@code args.pid} that is not
     * this process's pid targets another process of a broadcast: the reply then only says
     * {@code skipped: true}, and nothing runs.
     *
     * @return the reply; never null, never thrown
     */
    public ObjectNode handle(String name, JsonNode args) {
        return run(name, args, null);
    }

    /**
     * Like {@link #handle}, but a {@link StreamingCommand} sends its rows to {@code rows} as it makes them,
     * each with this process's {@code pid}, and the reply's {@code result} holds the rest. Other commands
     * answer as {@link #handle} does. A sink that throws (the receiver is gone) ends the command with an
     * error reply.
     *
     * @return the reply; never null, never thrown
     */
    public ObjectNode stream(String name, JsonNode args, RowSink rows) {
        return run(name, args, Objects.requireNonNull(rows, "rows"));
    }

    /** Whether {@code name} is a command that streams rows. */
    public boolean isStreaming(String name) {
        return name != null && commands.get(name) instanceof StreamingCommand;
    }

    private ObjectNode run(String name, JsonNode args, RowSink rows) {
        ProcessIdentity identity = this.identity;
        ObjectNode reply = identity.writeTo(Json.object());
        reply.put("cmd", name);
        if (name == null || name.isBlank()) {
            return error(reply, "missing command name");
        }
        if (args != null && args.hasNonNull("pid") && args.get("pid").asLong() != identity.pid()) {
            return reply.put("ok", true).put("skipped", true);
        }
        Command command = commands.get(name);
        if (command == null || command instanceof LinkCommand) {
            // A link command is the master's: to an operator it does not exist.
            return error(
                    reply,
                    "unknown command '" + name + "'; known: "
                            + String.join(", ", commands().keySet()));
        }
        try {
            JsonNode result;
            if (rows != null && command instanceof StreamingCommand s) {
                result = s.stream(Args.of(args), stamped(rows, identity.pid()));
            } else {
                result = command.execute(Args.of(args));
            }
            reply.put("ok", true);
            reply.set("result", result);
            return reply;
        } catch (CommandException e) {
            return error(reply, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            return error(reply, "receiver gone: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A bug in a command must not take the control channel down with it.
            LOG.log(System.Logger.Level.WARNING, "command " + name + " failed", e);
            return error(reply, "command failed: " + e);
        }
    }

    /** {@code rows}, each row with {@code pid} first: see {@link #stamp}. */
    private static RowSink stamped(RowSink rows, long pid) {
        return new RowSink() {
            @Override
            public void row(JsonNode row) {
                rows.row(stamp(row, pid));
            }

            @Override
            public void fields(Fields fields) {
                rows.fields(g -> {
                    g.writeNumberField("pid", pid);
                    fields.writeTo(g);
                });
            }
        };
    }

    /** A streamed row names its process, so a line read on its own says where it comes from. */
    private static JsonNode stamp(JsonNode row, long pid) {
        if (row instanceof ObjectNode o) {
            ObjectNode stamped = Json.object().put("pid", pid);
            stamped.setAll(o);
            return stamped;
        }
        return row;
    }

    private static ObjectNode error(ObjectNode reply, String message) {
        reply.put("ok", false);
        reply.put("error", message);
        return reply;
    }
}
