package dev.weft.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The canonical text a signature covers and the signing itself. Canonical form: the message
 * without its {@code sig} field, object keys sorted recursively, compact Jackson output; so a
 * receiver that re-parses a message computes the same text whatever order the sender wrote.
 */
public final class SignedMessages {
    /** The field that carries the signature. */
    public static final String SIG = "sig";

    private SignedMessages() {}

    /** The canonical text of {@code message} (its {@code sig} left out). */
    public static String canonical(ObjectNode message) {
        ObjectNode copy = message.deepCopy();
        copy.remove(SIG);
        try {
            return Json.MAPPER.writeValueAsString(sorted(copy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Adds the signature to {@code message} and returns it. */
    public static ObjectNode sign(ObjectNode message, ControlSecret secret) {
        message.put(SIG, secret.sign(canonical(message)));
        return message;
    }

    /** Whether {@code message} carries a valid signature. */
    public static boolean verify(ObjectNode message, ControlSecret secret) {
        JsonNode sig = message.get(SIG);
        return sig != null && sig.isTextual() && secret.verify(canonical(message), sig.textValue());
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = Json.object();
            for (String name : names) {
                out.set(name, sorted(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.array();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }
}
