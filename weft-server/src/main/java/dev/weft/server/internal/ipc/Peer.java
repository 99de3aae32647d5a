package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests with ids over a {@link JsonLineChannel}, so that many commands can be in flight at once and each
 * reply finds its caller.
 *
 * <p>Wire format: a request is {@code {"rid":N,"cmd":"name","args":{...}}}; its answer is
 * {@code {"rid":N,"reply":...}} or {@code {"rid":N,"error":"message"}}; a message without {@code rid} is a
 * notice (such as {@code {"type":"ready"}}).
 */
public final class Peer {
    private final JsonLineChannel channel;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** @param channel the channel; the owner reads it and passes every message to {@link #accept}. */
    public Peer(JsonLineChannel channel) {
        this.channel = channel;
    }

    /** The channel. */
    public JsonLineChannel channel() {
        return channel;
    }

    /**
     * Sends a request.
     *
     * @return the reply; completes exceptionally with {@link RemoteException} on an error reply, or with an
     *         IOException if the channel broke. The caller applies its own timeout.
     */
    public CompletableFuture<JsonNode> request(String cmd, JsonNode args) {
        long rid = nextId.getAndIncrement();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(rid, f);
        f.whenComplete((r, e) -> pending.remove(rid));
        ObjectNode msg = Json.object().put("rid", rid).put("cmd", cmd);
        if (args != null) msg.set("args", args);
        try {
            channel.send(msg);
        } catch (IOException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Answers a request. */
    public void reply(long rid, Object value) throws IOException {
        ObjectNode msg = Json.object().put("rid", rid);
        msg.set("reply", Json.MAPPER.valueToTree(value));
        channel.send(msg);
    }

    /** Answers a request with an error. */
    public void replyError(long rid, String message) throws IOException {
        channel.send(Json.object().put("rid", rid).put("error", message));
    }

    /**
     * Routes one received message.
     *
     * @return true if it was a reply (consumed here); false if it is a request or notice for the owner
     */
    public boolean accept(JsonNode msg) {
        if (!msg.has("rid") || msg.has("cmd")) return false;
        CompletableFuture<JsonNode> f = pending.get(msg.get("rid").asLong());
        if (f != null) {
            if (msg.has("error"))
                f.completeExceptionally(new RemoteException(msg.get("error").asText()));
            else f.complete(msg.get("reply"));
        }
        return true;
    }

    /** Fails every request still waiting (the channel is gone). */
    public void failAll(IOException cause) {
        pending.values().forEach(f -> f.completeExceptionally(cause));
    }

    /** An error answer from the other side. */
    public static final class RemoteException extends RuntimeException {
        /** @param message the error text the peer sent */
        public RemoteException(String message) {
            super(message);
        }
    }
}
