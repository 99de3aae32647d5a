package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The master's way to ask its children: sends a command to every live child (or one pid) and collects each
 * answer, waiting at most a per-child timeout. A child that does not answer in time is reported as such
 * (it is busy or stuck), never waited for longer.
 */
public interface Fanout {
    /** One child's answer. */
    record ChildReply(long pid, String worker, int id, boolean answered, JsonNode reply, String error) {
        /** Whether the child answered without error. */
        public boolean ok() {
            return answered && error == null;
        }
    }

    /**
     * Sends {@code cmd} to every live child that holds a slot (not the standbys) and returns one entry per
     * child, in worker and slot order.
     */
    List<ChildReply> all(String cmd, JsonNode args, Duration perChildTimeout);

    /** Sends {@code cmd} to one child; an unknown pid gives an unanswered reply with an error. */
    ChildReply one(long pid, String cmd, JsonNode args, Duration timeout);

    /** A live child as the master knows it: its pid, Worker name and slot. */
    record Child(long pid, String worker, int id) {}

    /** The live children that hold a slot (not the standbys), in worker and slot order. */
    List<Child> children();

    /**
     * Sends {@code cmd} to one child, asking for a streamed answer: its rows go to {@code rows} on the link's
     * reading thread as they arrive (see {@link Peer#requestStream}).
     *
     * @return the final reply, or null when the child is not connected; the caller applies its own timeout
     */
    CompletableFuture<JsonNode> stream(long pid, String cmd, JsonNode args, Peer.RowListener rows);

    /**
     * Sends a registry command ({@code list}, {@code cancel}, ...) to every live child, or only {@code pid} when
     * it is positive, and gathers the answers: the master's side of a non-streamed {@code co} request.
     *
     * @return {@code {cmd, processes: [child replies], missing: [{pid, worker, id, error}]}}; a child silent for
     *     {@code timeout} is missing, never waited for longer
     */
    default ObjectNode gather(String cmd, JsonNode args, long pid, Duration timeout) {
        JsonNode payload = args != null && args.isObject() ? args : Json.object();
        List<ChildReply> replies = pid > 0 ? List.of(one(pid, cmd, payload, timeout)) : all(cmd, payload, timeout);
        ObjectNode out = Json.object().put("cmd", cmd);
        ArrayNode processes = out.putArray("processes");
        ArrayNode missing = out.putArray("missing");
        for (ChildReply r : replies) {
            if (r.ok() && r.reply() != null) {
                processes.add(r.reply());
            } else {
                String error = r.error() == null || r.error().equals("timeout")
                        ? "no answer within " + timeout.toMillis() + " ms"
                        : r.error();
                missing.addObject()
                        .put("pid", r.pid())
                        .put("worker", r.worker())
                        .put("id", r.id())
                        .put("error", error);
            }
        }
        return out;
    }
}
