package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Args;
import dev.weft.control.CommandException;
import dev.weft.control.ControlSecret;
import dev.weft.control.Durations;
import dev.weft.control.Json;
import dev.weft.control.RedisControlClient;
import dev.weft.server.Settings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code co ...}: list, summarise, dump, check, cancel and kill coroutines in every worker process — through
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
                description = "How long to wait for each process: 500ms, 3s, 2m, 1h (default ${DEFAULT-VALUE}).")
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

    /** How list, dump and check print their rows, and how many. */
    static final class Rows {
        @Option(names = "--jsonl", description = "One coroutine per line as JSON, each with its pid, as they arrive.")
        boolean jsonl;

        @Option(
                names = "--limit",
                paramLabel = "N",
                description = "At most N rows per process (default: 200 for the table, all with --json/--jsonl;"
                        + " 0: all).")
        Integer limit;

        @Option(
                names = "--sort",
                paramLabel = "age|id",
                description = "Order: id (default; check: age), or age: the longest current wait first.")
        String sort;
    }

    /** The table's rows per process when no --limit is given. */
    static final int TABLE_LIMIT = 200;

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

        @Option(
                names = "--include-idle",
                description = "Also select idle waits (kept-alive connections waiting for their next request).")
        boolean includeIdle;
    }

    /** Creates the command for a program's settings. */
    public CoCommand(Settings settings) {
        super(settings);
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing subcommand: list, summary, suspensions, dump, check, cancel, kill or stats");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Coroutines: id, name, parent, state, age, suspension and its age.")
    int list(
            @Mixin Common c,
            @Mixin Rows rows,
            @Option(names = "--tree", description = "Show each coroutine's children under it.") boolean tree,
            @Option(
                            names = "--match",
                            paramLabel = "REGEX",
                            description = "Only coroutines whose name or event matches.")
                    String match)
            throws IOException {
        ObjectNode a = args(c);
        a.put("tree", tree);
        return stream("list", rows("list", a, c, rows, match), c, rows);
    }

    @Command(name = "suspensions", mixinStandardHelpOptions = true, description = "The operations coroutines wait in.")
    int suspensions(@Mixin Common c) throws IOException {
        return run("suspensions", args(c), c);
    }

    @Command(name = "dump", mixinStandardHelpOptions = true, description = "Stack traces of every coroutine.")
    int dump(
            @Mixin Common c,
            @Mixin Rows rows,
            @Option(names = "--jdk", description = "Add the JDK's JSON thread dump.") boolean jdk,
            @Option(
                            names = "--match",
                            paramLabel = "REGEX",
                            description = "Only coroutines whose name or event matches.")
                    String match)
            throws IOException {
        ObjectNode a = args(c);
        a.put("jdk", jdk);
        return stream("dump", rows("dump", a, c, rows, match), c, rows);
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Registry counts, peak, suspended, memory.")
    int stats(@Mixin Common c) throws IOException {
        return run("stats", args(c), c);
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Coroutines older than a limit (nothing is changed).")
    int check(@Mixin Common c, @Mixin Age age, @Mixin Rows rows) throws IOException {
        if (age.olderThan == null) {
            throw usage("check", "check needs --older-than DURATION");
        }
        return stream("check", rows("check", ages("check", args(c), age), c, rows, null), c, rows);
    }

    @Command(
            name = "summary",
            mixinStandardHelpOptions = true,
            description =
                    "Counts by state and by event, wait-age percentiles per event, the 10 oldest; all processes merged.")
    int summary(@Mixin Common c) throws IOException {
        JsonNode doc = fetch("summary", args(c), c);
        return doc == null ? ExitCodes.NOT_RUNNING : CoSummary.print(doc, c.json, out(), err());
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel the operation coroutine PID:CID waits in; the coroutine goes on.")
    int cancel(@Mixin Common c, @Parameters(paramLabel = "PID:CID") String target) throws IOException {
        return run("cancel", target("cancel", args(c), c, target), c);
    }

    @Command(
            name = "kill",
            mixinStandardHelpOptions = true,
            description = {
                "Kill coroutine PID:CID, or every coroutine --older-than a limit.",
                "With --json, a kill by age answers per process {count, killed, sampled, ...}: killed names at most"
                        + " 100 of the count coroutines killed (sampled: true when it names fewer)."
            })
    int kill(@Mixin Common c, @Mixin Age age, @Parameters(paramLabel = "PID:CID", arity = "0..1") String target)
            throws IOException {
        if ((target == null) == (age.olderThan == null)) {
            throw usage("kill", "kill takes PID:CID or --older-than DURATION (one of them)");
        }
        ObjectNode a = args(c);
        return run("kill", target == null ? ages("kill", a, age) : target("kill", a, c, target), c);
    }

    /** A usage error of subcommand {@code sub}: picocli prints it once, with that subcommand's usage. */
    private CommandLine.ParameterException usage(String sub, String message) {
        return new CommandLine.ParameterException(
                spec.commandLine().getSubcommands().get(sub), message);
    }

    private ObjectNode target(String sub, ObjectNode a, Common c, String target) {
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
            throw usage(sub, "expected PID:CID (e.g. 4242:17), got '" + target + "'");
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

    /** The age arguments, checked here with the workers' own parser so a bad one fails once, before sending. */
    private ObjectNode ages(String sub, ObjectNode a, Age age) {
        a.put("olderThan", age.olderThan);
        a.put("coroutineAge", age.coroutineAge);
        a.put("includeIdle", age.includeIdle);
        if (age.match != null) {
            a.put("match", age.match);
        }
        try {
            Args parsed = Args.of(a);
            parsed.requiredDuration("olderThan");
            parsed.pattern("match");
        } catch (CommandException e) {
            throw usage(
                    sub,
                    e.getMessage()
                            .replace("argument 'olderThan'", "--older-than")
                            .replace("argument 'match'", "--match"));
        }
        return a;
    }

    /** --limit, --sort and --match as arguments, checked here so a bad one fails once, before sending. */
    private ObjectNode rows(String sub, ObjectNode a, Common c, Rows rows, String match) {
        Integer limit = rows.limit;
        if (limit != null && limit < 0) {
            throw usage(sub, "--limit must be 0 or more, got " + limit);
        }
        if (limit == null) {
            limit = rows.jsonl || c.json ? 0 : TABLE_LIMIT;
        }
        if (limit > 0) {
            a.put("limit", limit);
        }
        if (rows.sort != null) {
            if (!rows.sort.equals("age") && !rows.sort.equals("id")) {
                throw usage(sub, "--sort must be age or id, got '" + rows.sort + "'");
            }
            a.put("sort", rows.sort);
        }
        if (match != null) {
            try {
                java.util.regex.Pattern.compile(match);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw usage(sub, "--match is not a valid regular expression: " + e.getDescription());
            }
            a.put("match", match);
        }
        return a;
    }

    private Duration timeout(String cmd, Common c) {
        try {
            return Durations.parse(c.timeout);
        } catch (IllegalArgumentException e) {
            throw usage(cmd, "--timeout: " + e.getMessage());
        }
    }

    /** list, dump, check: streamed from the local master, or gathered over Redis. */
    private int stream(String cmd, ObjectNode args, Common c, Rows rows) throws IOException {
        if (rows.jsonl && c.json) {
            throw usage(cmd, "--json and --jsonl: choose one");
        }
        Duration timeout = timeout(cmd, c);
        if (c.redis != null) {
            return run(cmd, args, c);
        }
        if (requireRunning().isEmpty()) {
            return ExitCodes.NOT_RUNNING;
        }
        ObjectNode req = Json.object().put("timeout_ms", timeout.toMillis());
        req.set("args", args);
        if (c.pid != null) {
            req.put("pid", c.pid);
        }
        CoStreamPrinter.Mode mode = c.json
                ? CoStreamPrinter.Mode.JSON
                : rows.jsonl ? CoStreamPrinter.Mode.JSONL : CoStreamPrinter.Mode.TABLE;
        // Buffered: a million rows must not cost a million flushes of the auto-flushing out().
        java.io.BufferedWriter w = new java.io.BufferedWriter(out(), 1 << 16);
        CoStreamPrinter printer = new CoStreamPrinter(cmd, mode, w, err());
        printer.begin();
        try {
            ControlClient.stream(settings, cmd, req, printer);
        } finally {
            w.flush();
        }
        return printer.finish();
    }

    /** The merged answer of a command, from the local master or over Redis; null after "not running". */
    private JsonNode fetch(String cmd, ObjectNode args, Common c) throws IOException {
        Duration timeout = timeout(cmd, c);
        if (c.redis != null) {
            return overRedis(cmd, args, c, timeout);
        }
        if (requireRunning().isEmpty()) {
            return null;
        }
        ObjectNode req = Json.object().put("timeout_ms", timeout.toMillis());
        req.set("args", args);
        if (c.pid != null) {
            req.put("pid", c.pid);
        }
        return ControlClient.call(settings, cmd, req);
    }

    private int run(String cmd, ObjectNode args, Common c) throws IOException {
        JsonNode doc = fetch(cmd, args, c);
        return doc == null ? ExitCodes.NOT_RUNNING : new CoOutput(out(), err()).print(cmd, doc, c.json);
    }

    private JsonNode overRedis(String cmd, ObjectNode args, Common c, Duration timeout) {
        String app = c.app != null ? c.app : settings.appName();
        RedisControlClient client = new RedisControlClient(URI.create(c.redis), app, ControlSecret.fromEnvironment());
        ObjectNode result = client.broadcast(cmd, args, timeout).toJson();
        return CoOutput.fromBroadcast(cmd, result);
    }
}
