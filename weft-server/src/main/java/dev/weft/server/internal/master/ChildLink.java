package dev.weft.server.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.internal.ipc.JsonLineChannel;
import dev.weft.server.internal.ipc.Peer;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The master's end of one child's link. A child says {@code hello} (its pid) once connected and
 * {@code ready} once accepting ({@code standby} once a standby waits for a slot); replies to the master's
 * requests (and the rows of streamed answers) go to its {@link Peer}; EOF means the
 * child is exiting. Each of these becomes a {@link MasterEvent} for the loop: this class decides nothing.
 */
final class ChildLink {
    private ChildLink() {}

    /** Reads one child's link until EOF, on the calling thread, handing events to {@code events}. */
    static void serve(SocketChannel ch, Consumer<MasterEvent> events) {
        JsonLineChannel channel = new JsonLineChannel(ch);
        Peer peer = new Peer(channel);
        long pid = -1;
        try {
            while (true) {
                byte[] line = channel.receiveLine(Integer.MAX_VALUE);
                if (line == null) break;
                // Rows of a streamed answer go to their listener unparsed; replies complete their request.
                JsonNode msg = peer.acceptLine(line);
                if (msg == null) continue;
                MasterEvent e = parse(msg, pid, peer);
                if (e instanceof MasterEvent.Hello h) pid = h.pid();
                if (e != null) events.accept(e);
            }
        } catch (IOException e) {
            // treated as EOF
        }
        peer.failAll(new IOException("child link closed"));
        channel.close();
        if (pid > 0) events.accept(new MasterEvent.LinkClosed(pid));
    }

    /**
     * What one message from a child means.
     *
     * @param msg  a message that is not a reply
     * @param pid  the pid the child gave in its hello, or -1 before it
     * @param peer the link's peer, handed to the master with the hello
     * @return the event, or null for a message that means nothing to the master (or a ready before hello)
     */
    static MasterEvent parse(JsonNode msg, long pid, Peer peer) {
        return switch (msg.path("type").asText()) {
            case "hello" ->
                new MasterEvent.Hello(
                        msg.path("pid").asLong(), peer, msg.path("count").asInt(0));
            case "ready" -> pid > 0 ? new MasterEvent.Ready(pid) : null;
            case "standby" -> pid > 0 ? new MasterEvent.StandbyReady(pid) : null;
            case "final-metrics" ->
                pid > 0
                        ? new MasterEvent.FinalMetrics(
                                pid,
                                msg.path("worker").asText(),
                                msg.path("text").asText())
                        : null;
            default -> null;
        };
    }
}
