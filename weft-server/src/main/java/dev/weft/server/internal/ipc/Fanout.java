package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** Sends {@code cmd} to every live child and returns one entry per child, in worker and slot order. */
    List<ChildReply> all(String cmd, JsonNode args, Duration perChildTimeout);

    /** Sends {@code cmd} to one child; an unknown pid gives an unanswered reply with an error. */
    ChildReply one(long pid, String cmd, JsonNode args, Duration timeout);

    /** A live child as the master knows it: its pid, Worker name and slot. */
    record Child(long pid, String worker, int id) {}

    /** The live children, in worker and slot order. */
    List<Child> children();

    /**
     * Sends {@code cmd} to one child, asking for a streamed answer: its rows go to {@code rows} on the link's
     * reading thread as they arrive (see {@link Peer#requestStream}).
     *
     * @return the final reply, or null when the child is not connected; the caller applies its own timeout
     */
    CompletableFuture<JsonNode> stream(long pid, String cmd, JsonNode args, Peer.RowListener rows);
}
