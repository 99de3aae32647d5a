package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A command on the wire: {@code {id, app, cmd, args, reply_to, ts, nonce, sig}}. {@code ts} is epoch
 * milliseconds; {@code nonce} is 128 random bits so a replay can be recognised.
 *
 * @param id request id, echoed in each reply
 * @param app the application the command is for
 * @param cmd command name
 * @param args command arguments (a JSON object or null)
 * @param replyTo channel the replies go to
 * @param ts when it was sent, epoch milliseconds
 * @param nonce random, unique per message
 */
public record ControlMessage(String id, String app, String cmd, JsonNode args, String replyTo, long ts, String nonce) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh message with a random id and nonce. */
    public static ControlMessage create(String app, String cmd, JsonNode args, long ts) {
        String id = UUID.randomUUID().toString();
        return new ControlMessage(id, app, cmd, args, Channels.reply(app, id), ts, newNonce());
    }

    /** 128 random bits in hex. */
    public static String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The unsigned JSON form. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("id", id).put("app", app).put("cmd", cmd);
        n.set("args", args == null ? NullNode.getInstance() : args);
        n.put("reply_to", replyTo).put("ts", ts).put("nonce", nonce);
        return n;
    }

    /**
     * Reads a message (already verified by {@link MessageGuard}).
     *
     * @throws IllegalArgumentException if a required field is missing
     */
    public static ControlMessage from(ObjectNode n) {
        return new ControlMessage(
                text(n, "id"),
                text(n, "app"),
                text(n, "cmd"),
                n.get("args"),
                text(n, "reply_to"),
                n.path("ts").asLong(),
                text(n, "nonce"));
    }

    private static String text(ObjectNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw new IllegalArgumentException("control message without '" + field + "'");
        }
        return v.textValue();
    }
}
