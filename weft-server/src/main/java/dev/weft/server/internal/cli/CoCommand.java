package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.ControlSecret;
import dev.weft.control.RedisControlClient;
import dev.weft.server.Settings;
import dev.weft.server.internal.ipc.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code co ...}: list, dump, check, cancel and kill coroutines in every worker process — through
 * the master's local control socket by default, or through Redis across machines with
 * {@code --redis URL --app NAME}.
 */
@Command(
        name = "co",
        mixinStandardHelpOptions = true,
        description = "Inspect and control coroutines in every worker process.",
        subcommands = CommandLine.HelpCommand.class)
public final class CoCommand extends BaseCommand {
    /** Options every {@code co} subcommand takes. */
    static final class Common {
        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Option(names = "--pid", description = "Only this worker process.")
        Long pid;

        @Option(names = "--all", description = "Include Weft's own system coroutines.")
        boolean all;

        @Option(
                names = "--timeout",
                defaultValue = "3s",
                description = "How long to wait for each process (default ${DEFAULT-VALUE}).")
        String timeout;

        @Option(
                names = "--redis",
                paramLabel = "URL",
                description = "Broadcast over Redis (redis://host:6379) instead of the local master.")
        String redis;

        @Option(
                names = "--app",
                description = "Application name on Redis (channel weft:<app>:control); default: this program's.")
        String app;
    }

    /** Age selection of check and kill. */
    static final class Age {
        @Option(names = "--older-than", paramLabel = "DURATION", description = "Age limit, e.g. 500ms, 5s, 2m.")
        String olderThan;

        @Option(
                names = "--coroutine-age",
                description = "Compare the coroutine's age instead of its current suspension's.")
        boolean coroutineAge;

        @Option(names = "--match", paramLabel = "REGEX", description = "Only suspensions whose event matches.")
        String match;
    }

    /** Creates the command for a program's settings. */
    public CoCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing subcommand: list, suspensions, dump, check, cancel, kill or stats");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Coroutines: id, name, parent, state, age, suspension and its age.")
    int list(@Mixin Common c) throws IOException {
        return run("list", args(c), c);
    }

    @Command(name = "suspensions", mixinStandardHelpOptions = true, description = "The operations coroutines wait in.")
    int suspensions(@Mixin Common c) throws IOException {
        return run("suspensions", args(c), c);
    }

    @Command(name = "dump", mixinStandardHelpOptions = true, description = "Stack traces of every coroutine.")
    int dump(@Mixin Common c, @Option(names = "--jdk", description = "Add the JDK's JSON thread dump.") boolean jdk)
            throws IOException {
        ObjectNode a = args(c);
        a.put("jdk", jdk);
        return run("dump", a, c);
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Registry counts, peak, suspended, memory.")
    int stats(@Mixin Common c) throws IOException {
        return run("stats", args(c), c);
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Coroutines older than a limit (nothing is changed).")
    int check(@Mixin Common c, @Mixin Age age) throws IOException {
        if (age.olderThan == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "check needs --older-than DURATION");
        }
        return run("check", ages(args(c), age), c);
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel the operation coroutine PID:CID waits in; the coroutine goes on.")
    int cancel(@Mixin Common c, @Parameters(paramLabel = "PID:CID") String target) throws IOException {
        return run("cancel", target(args(c), c, target), c);
    }

    @Command(
            name = "kill",
            mixinStandardHelpOptions = true,
            description = "Kill coroutine PID:CID, or every coroutine --older-than a limit.")
    int kill(@Mixin Common c, @Mixin Age age, @Parameters(paramLabel = "PID:CID", arity = "0..1") String target)
            throws IOException {
        if ((target == null) == (age.olderThan == null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "kill takes PID:CID or --older-than DURATION (one of them)");
        }
        ObjectNode a = args(c);
        return run("kill", target == null ? ages(a, age) : target(a, c, target), c);
    }

    private ObjectNode target(ObjectNode a, Common c, String target) {
        String[] parts = target.split(":", -1);
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            c.pid = Long.parseLong(parts[0]);
            a.put("cid", Long.parseLong(parts[1]));
            a.put("pid", c.pid);
            return a;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "expected PID:CID (e.g. 4242:17), got '" + target + "'");
        }
    }

    private static ObjectNode args(Common c) {
        ObjectNode a = Json.object();
        a.put("all", c.all);
        if (c.pid != null) {
            a.put("pid", c.pid);
        }
        return a;
    }

    private static ObjectNode ages(ObjectNode a, Age age) {
        a.put("olderThan", age.olderThan);
        a.put("coroutineAge", age.coroutineAge);
        if (age.match != null) {
            a.put("match", age.match);
        }
        return a;
    }

    private int run(String cmd, ObjectNode args, Common c) throws IOException {
        Duration timeout = CoOutput.duration(c.timeout);
        JsonNode doc;
        if (c.redis != null) {
            doc = overRedis(cmd, args, c, timeout);
        } else {
            if (requireRunning().isEmpty()) {
                return ExitCodes.NOT_RUNNING;
            }
            ObjectNode req = Json.object().put("command", cmd).put("timeout_ms", timeout.toMillis());
            req.set("args", args);
            if (c.pid != null) {
                req.put("pid", c.pid);
            }
            doc = ControlClient.call(settings, "co", req);
        }
        return new CoOutput(out(), err()).print(cmd, doc, c.json);
    }

    private JsonNode overRedis(String cmd, ObjectNode args, Common c, Duration timeout) {
        String app = c.app != null ? c.app : settings.appName();
        RedisControlClient client = new RedisControlClient(URI.create(c.redis), app, ControlSecret.fromEnvironment());
        ObjectNode result = client.broadcast(cmd, args, timeout).toJson();
        return CoOutput.fromBroadcast(cmd, result);
    }
}
