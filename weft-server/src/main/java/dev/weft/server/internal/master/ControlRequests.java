package dev.weft.server.internal.master;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.internal.ipc.Json;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.ipc.MasterCommands;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Serves one CLI connection on the control socket: one request line, one answer line
 * ({@code {"ok":true,"reply":...}} or {@code {"ok":false,"error":"..."}}). For {@code stop} the connection
 * then stays open and reaches EOF when the master exits, which is how the CLI knows the stop finished.
 * A request that is not JSON, or longer than {@link #MAX_REQUEST} characters, gets an error answer and a
 * log line, and the connection is closed.
 */
final class ControlRequests {
    /** The longest request line read; CLI requests are a few hundred bytes. */
    static final int MAX_REQUEST = 1 << 20;

    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.master");
    private final Master master;

    ControlRequests(Master master) {
        this.master = master;
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
            boolean graceful = req.path("graceful").asBoolean();
            ObjectNode answer = Json.object().put("ok", true);
            switch (cmd) {
                case "ping" ->
                    answer.set(
                            "reply",
                            Json.object()
                                    .put("pid", ProcessHandle.current().pid())
                                    .put("state", master.state().name()));
                case "status" -> answer.set("reply", master.statusReport().status());
                case "connections" -> answer.set("reply", master.statusReport().connections());
                case "stop" -> master.enqueue(new MasterEvent.Signal(graceful ? "STOP_GRACEFUL" : "STOP"));
                case "reload" -> master.enqueue(new MasterEvent.Signal(graceful ? "HUP" : "USR1"));
                default -> {
                    var h = MasterCommands.handler(cmd);
                    if (h.isEmpty()) {
                        answer.put("ok", false).put("error", "unknown command " + cmd);
                    } else {
                        try {
                            answer.set("reply", Json.MAPPER.valueToTree(h.get().apply(req, master.fanout())));
                        } catch (RuntimeException e) {
                            answer.put("ok", false).put("error", e.toString());
                        }
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
