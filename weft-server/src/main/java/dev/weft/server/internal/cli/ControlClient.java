package dev.weft.server.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import dev.weft.server.Settings;
import dev.weft.server.internal.ipc.JsonLineChannel;
import java.io.IOException;

/**
 * The CLI side of the master's control socket: sends one request, returns the master's reply. Used by the
 * built-in commands and by commands other modules add (weft-control's {@code co ...}).
 */
public final class ControlClient {
    private ControlClient() {}

    /**
     * Sends {@code {"cmd": cmd, ...fields}} and returns the {@code reply} value.
     *
     * @throws IOException if the master is unreachable or answered with an error
     */
    public static JsonNode call(Settings settings, String cmd, ObjectNode fields) throws IOException {
        try (JsonLineChannel ch = JsonLineChannel.connect(settings.controlSocket())) {
            ObjectNode req = Json.object().put("cmd", cmd);
            if (fields != null) req.setAll(fields);
            ch.send(req);
            JsonNode answer = ch.receive();
            if (answer == null) throw new IOException("the master closed the control connection");
            if (!answer.path("ok").asBoolean())
                throw new IOException(answer.path("error").asText("error"));
            return answer.get("reply");
        }
    }

    /** Receives the lines of a streamed answer, as raw bytes. */
    @FunctionalInterface
    interface LineHandler {
        /** One line, without its newline. */
        void line(byte[] line) throws IOException;
    }

    /**
     * Sends {@code {"cmd": cmd, "stream": true, ...fields}} and hands every line of the answer to {@code lines}
     * until the master closes the connection.
     *
     * @throws IOException if the master is unreachable
     */
    static void stream(Settings settings, String cmd, ObjectNode fields, LineHandler lines) throws IOException {
        try (JsonLineChannel ch = JsonLineChannel.connect(settings.controlSocket())) {
            ObjectNode req = Json.object().put("cmd", cmd).put("stream", true);
            if (fields != null) req.setAll(fields);
            ch.send(req);
            byte[] line;
            while ((line = ch.receiveLine(Integer.MAX_VALUE)) != null) lines.line(line);
        }
    }

    /** Opens a connection for a request whose answer is followed by more (stop: EOF when the master has exited). */
    static JsonLineChannel open(Settings settings) throws IOException {
        return JsonLineChannel.connect(settings.controlSocket());
    }
}
