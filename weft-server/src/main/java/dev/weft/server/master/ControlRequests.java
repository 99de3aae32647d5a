package dev.weft.server.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.MasterCommands;
import dev.weft.server.control.Json;
import dev.weft.server.control.JsonLineChannel;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Serves one CLI connection on the control socket: one request line, one answer line
 * ({@code {"ok":true,"reply":...}} or {@code {"ok":false,"error":"..."}}). For {@code stop} the connection
 * then stays open and reaches EOF when the master exits, which is how the CLI knows the stop finished.
 */
final class ControlRequests {
    private final Master master;

    ControlRequests(Master master) {
        this.master = master;
    }

    void serve(SocketChannel ch) {
        JsonLineChannel channel = new JsonLineChannel(ch);
        try {
            JsonNode req = channel.receive();
            if (req == null) return;
            String cmd = req.path("cmd").asText();
            boolean graceful = req.path("graceful").asBoolean();
            ObjectNode answer = Json.object().put("ok", true);
            switch (cmd) {
                case "ping" -> answer.set("reply", Json.object().put("pid", ProcessHandle.current().pid())
                        .put("state", master.state().name()));
                case "status" -> answer.set("reply", new StatusReport(master).status());
                case "connections" -> answer.set("reply", new StatusReport(master).connections());
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
