package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
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
 * notice (such as {@code {"type":"ready"}}). A request with {@code "stream":true} ({@link #requestStream})
 * is answered by any number of row lines {@code {"rid":N,"row":{...}}} before that reply; the receiver recognises them by their first
 * bytes and hands each row's bytes on unparsed ({@link #acceptLine}).
 */
public final class Peer {
    private final JsonLineChannel channel;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<Long, RowListener> streams = new ConcurrentHashMap<>();

    /** Receives the rows of a streamed answer, on the link's reading thread, in order. */
    @FunctionalInterface
    public interface RowListener {
        /**
         * One row: the JSON object in {@code line[off, off + len)}, unparsed. The array is the caller's
         * only for the call.
         *
         * @throws IOException to stop the stream: its request then fails with this exception
         */
        void row(byte[] line, int off, int len) throws IOException;
    }

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
        return send(nextId.getAndIncrement(), cmd, args, false);
    }

    private CompletableFuture<JsonNode> send(long rid, String cmd, JsonNode args, boolean stream) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(rid, f);
        f.whenComplete((r, e) -> pending.remove(rid));
        ObjectNode msg = Json.object().put("rid", rid).put("cmd", cmd);
        if (args != null) msg.set("args", args);
        if (stream) msg.put("stream", true);
        try {
            channel.send(msg);
        } catch (IOException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /**
     * Sends a request whose answer may stream rows first: each goes to {@code rows} as it arrives; the
     * returned future completes with the final reply, as for {@link #request}. A listener that throws
     * ends the stream: later rows are dropped and the future fails with its exception.
     */
    public CompletableFuture<JsonNode> requestStream(String cmd, JsonNode args, RowListener rows) {
        long rid = nextId.getAndIncrement();
        // Registered before the request leaves, so no row can come back before its listener.
        streams.put(rid, rows);
        CompletableFuture<JsonNode> f = send(rid, cmd, args, true);
        f.whenComplete((r, e) -> streams.remove(rid));
        return f;
    }

    /** The prefix of a row line, up to the request id. */
    private static final byte[] ROW_PREFIX = "{\"rid\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final byte[] ROW_FIELD = ",\"row\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Routes one received line: a row line goes to its stream's listener without being parsed; any other
     * line is parsed and, when it is a reply, consumed as {@link #accept} does.
     *
     * @return null if the line was consumed here, else the parsed message (a request or notice) for the owner
     * @throws com.fasterxml.jackson.core.JsonProcessingException when a line that is not a row is not JSON
     */
    public JsonNode acceptLine(byte[] line) throws IOException {
        int rowStart = rowStart(line);
        if (rowStart < 0) {
            JsonNode msg = Json.MAPPER.readTree(line);
            return msg == null || accept(msg) ? null : msg;
        }
        long rid = 0;
        for (int i = ROW_PREFIX.length; line[i] != ','; i++) rid = rid * 10 + (line[i] - '0');
        RowListener l = streams.get(rid);
        if (l == null) return null; // a stream given up on (timed out, its receiver gone): dropped
        try {
            l.row(line, rowStart, line.length - 1 - rowStart);
        } catch (IOException | RuntimeException e) {
            streams.remove(rid);
            CompletableFuture<JsonNode> f = pending.get(rid);
            if (f != null) f.completeExceptionally(e);
        }
        return null;
    }

    /** Where the row starts in a row line, or -1 if {@code line} is not one. */
    private static int rowStart(byte[] line) {
        if (line.length < ROW_PREFIX.length + ROW_FIELD.length + 3) return -1;
        for (int i = 0; i < ROW_PREFIX.length; i++) if (line[i] != ROW_PREFIX[i]) return -1;
        int i = ROW_PREFIX.length;
        int digits = i;
        while (i < line.length && line[i] >= '0' && line[i] <= '9') i++;
        if (i == digits || i - digits > 18 || i + ROW_FIELD.length >= line.length) return -1;
        for (int k = 0; k < ROW_FIELD.length; k++) if (line[i + k] != ROW_FIELD[k]) return -1;
        int start = i + ROW_FIELD.length;
        return line[start] == '{' && line[line.length - 1] == '}' ? start : -1;
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
