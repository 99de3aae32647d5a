package dev.weft.server.internal.ipc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper of the control channels. */
public final class Json {
    /** Shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
