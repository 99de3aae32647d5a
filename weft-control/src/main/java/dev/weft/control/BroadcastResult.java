package dev.weft.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The merged answer to a broadcast.
 *
 * @param id the request id
 * @param cmd the command
 * @param expected processes that received the command (Redis's PUBLISH count)
 * @param replies each process's reply ({@code {host, pid, worker, slot, cmd, ok, result | error}}), sorted by worker, slot, pid
 * @param missing keys ({@link ProcessIdentity#key()}) of processes that answered an earlier broadcast but not this one
 * @param rejected replies refused (bad signature, wrong request, stale)
 */
public record BroadcastResult(
        String id, String cmd, long expected, List<ObjectNode> replies, List<String> missing, int rejected) {
    /** Copies the lists. */
    public BroadcastResult {
        replies = List.copyOf(replies);
        missing = List.copyOf(missing);
    }

    /** How many processes answered. */
    public int answered() {
        return replies.size();
    }

    /** Whether every process that received the command answered. */
    public boolean complete() {
        return replies.size() >= expected;
    }

    /** {@code {id, cmd, expected, answered, missing: [...], replies: [...]}}. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("id", id).put("cmd", cmd).put("expected", expected).put("answered", answered());
        ArrayNode m = n.putArray("missing");
        missing.forEach(m::add);
        ArrayNode r = n.putArray("replies");
        replies.forEach(r::add);
        return n;
    }
}
