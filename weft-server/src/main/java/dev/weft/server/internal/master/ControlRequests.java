package dev.weft.server.internal.master;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Commands;
import dev.weft.control.Json;
import dev.weft.server.internal.control.MasterControl;
import dev.weft.server.internal.ipc.JsonLineChannel;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves one CLI connection on the control socket: one request line, one answer line
 * ({@code {"ok":true,"reply":...}} or {@code {"ok":false,"error":"..."}}). The master's own commands
 * ({@code ping}, {@code status}, {@code connections}, {@code stop}, {@code scale}, {@code reload}, {@code
 * upgrade}) are answered here; every command of weft-control's registry ({@link Commands#names}) is passed on
 * to the children as it came, through the fan-out: streamed ({@link MasterControl#stream}) or gathered ({@link
 * dev.weft.server.internal.ipc.Fanout#gather}). docs/CONTROL.md has the wire format. For {@code stop} the connection
 * then stays open and reaches EOF when the master exits, which is how the CLI knows the stop finished.
 * A request that is not JSON, or longer than {@link #MAX_REQUEST} characters, gets an error answer and a
 * log line, and the connection is closed.
 */
final class ControlRequests {
    /** The longest request line read; CLI requests are a few hundred bytes. */
    static final int MAX_REQUEST = 1 << 20;

    /** How long a child may take to answer a registry command when the request names no {@code timeout_ms}. */
    private static final long CHILD_TIMEOUT_MS = 3000;

    /** How long a CLI waits for the loop to take its reload request (it takes it within a tick). */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.master");
    private final Master master;

    ControlRequests(Master master) {
        this.master = master;
    }

    /**
     * {@code reload}: answers how the master took the request (started, queued and why, or refused and
     * why); with {@code wait}, a second line follows once the reload covering it has ended and its old
     * processes have exited: {@code {"done":true,"ok":...,"message":"..."}}.
     */
    private void reload(JsonLineChannel channel, boolean graceful, boolean wait) throws IOException {
        CompletableFuture<ReloadQueue.Outcome> done = new CompletableFuture<>();
        CompletableFuture<String> answer = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Reload(graceful, answer, wait ? done : null));
        if (!answered(channel, "reload", answer) || !wait) return;
        sendOutcome(channel, done.join());
    }

    /**
     * {@code upgrade}: answers started (with the new master's pid) or refused and why; then a second line
     * {@code {"done":true,"ok":...,"message":"..."}} once the new master has taken over or failed. After a
     * success the connection stays open until this (old) master has exited, as for {@code stop}.
     */
    private void upgrade(JsonLineChannel channel) throws IOException {
        CompletableFuture<ReloadQueue.Outcome> done = new CompletableFuture<>();
        CompletableFuture<String> answer = new CompletableFuture<>();
        master.enqueue(new MasterEvent.Upgrade(answer, done));
        if (!answered(channel, "upgrade", answer)) return;
        ReloadQueue.Outcome outcome = done.join();
        sendOutcome(channel, outcome);
        if (!outcome.ok()) return;
        while (channel.receive() != null) {
            // held open until this master exits
        }
    }

    /**
     * Sends the master loop's first answer to {@code command} ({@code {"ok":true,"reply":{command: what}}}, or
     * refused and why, or that the loop did not answer); true when the command was taken.
     */
    private static boolean answered(JsonLineChannel channel, String command, CompletableFuture<String> answer)
            throws IOException {
        long pid = ProcessHandle.current().pid();
        String error;
        try {
            String what = answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            channel.send(Json.object()
                    .put("ok", true)
                    .put("pid", pid)
                    .set("reply", Json.object().put(command, what)));
            return true;
        } catch (ExecutionException e) {
            error = "refused: " + e.getCause().getMessage();
        } catch (InterruptedException | TimeoutException e) {
            error = "the master loop did not answer in " + ANSWER_TIMEOUT.toSeconds() + " s";
        }
        channel.send(Json.object().put("ok", false).put("error", error).put("pid", pid));
        return false;
    }

    private static void sendOutcome(JsonLineChannel channel, ReloadQueue.Outcome outcome) throws IOException {
        channel.send(Json.object().put("done", true).put("ok", outcome.ok()).put("message", outcome.message()));
    }

    void serve(SocketChannel ch) {
        JsonLineChannel channel = new JsonLineChannel(ch);
        try {
            JsonNode req;
            try {
                req = channel.receive(MAX_REQUEST);
            } catch (JsonProcessingException | JsonLineChannel.LineTooLongException e) {
                String why =
                        e instanceof JsonProcessingException j ? "not JSON: " + j.getOriginalMessage() : e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "control socket: bad request (" + why + "); closing");
                channel.send(Json.object()
                        .put("ok", false)
                        .put("error", "bad request: " + why)
                        .put("pid", ProcessHandle.current().pid()));
                return;
            }
            if (req == null) return;
            if (!req.isObject() || !req.path("cmd").isTextual()) {
                channel.send(Json.object()
                        .put("ok", false)
                        .put("error", "bad request: expected {\"cmd\": \"...\"}")
                        .put("pid", ProcessHandle.current().pid()));
                return;
            }
            String cmd = req.path("cmd").asText();
            boolean registry = Commands.names().contains(cmd);
            if (registry && req.path("stream").asBoolean()) {
                MasterControl.stream(req, master.fanout(), channel);
                return;
            }
            boolean graceful = req.path("graceful").asBoolean();
            ObjectNode answer = Json.object().put("ok", true);
            switch (cmd) {
                case "ping" ->
                    answer.set(
                            "reply",
                            Json.object()
                                    .put("pid", ProcessHandle.current().pid())
                                    .put("state", master.state().name()));
                case "status" ->
                    answer.set(
                            "reply",
                            master.statusReport()
                                    .status(
                                            req.hasNonNull("window")
                                                    ? req.get("window").asText()
                                                    : null));
                case "connections" -> answer.set("reply", master.statusReport().connections());
                case "stop" -> master.enqueue(new MasterEvent.Signal(graceful ? "STOP_GRACEFUL" : "STOP"));
                case "scale" -> {
                    CompletableFuture<String> done = new CompletableFuture<>();
                    master.enqueue(new MasterEvent.Scale(
                            req.path("worker").asText(), req.path("count").asInt(0), done));
                    try {
                        answer.set("reply", Json.object().put("scaled", done.get(10, TimeUnit.SECONDS)));
                    } catch (ExecutionException e) {
                        answer.put("ok", false).put("error", e.getCause().getMessage());
                    } catch (InterruptedException | TimeoutException e) {
                        answer.put("ok", false).put("error", "the master loop did not answer");
                    }
                }
                case "reload" -> {
                    reload(channel, graceful, req.path("wait").asBoolean());
                    return;
                }
                case "upgrade" -> {
                    upgrade(channel);
                    return;
                }
                default -> {
                    if (!registry) {
                        answer.put("ok", false).put("error", "unknown command " + cmd);
                    } else {
                        // The child's registry checks the arguments; the master passes them on unread.
                        Duration timeout =
                                Duration.ofMillis(req.path("timeout_ms").asLong(CHILD_TIMEOUT_MS));
                        answer.set(
                                "reply",
                                master.fanout()
                                        .gather(
                                                cmd,
                                                req.path("args"),
                                                req.path("pid").asLong(0),
                                                timeout));
                    }
                }
            }
            answer.put("pid", ProcessHandle.current().pid());
            channel.send(answer);
            if (cmd.equals("stop")) {
                // Hold the connection: it closes when this process exits.
                while (channel.receive() != null) {
                    // ignore anything the CLI sends meanwhile
                }
            }
        } catch (IOException e) {
            // the CLI went away
        } finally {
            channel.close();
        }
    }
}
