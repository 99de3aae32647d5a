package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;

/**
 * {@code hello}: a cheap answer so a client learns which processes listen; a later broadcast
 * reports the ones that answered {@code hello} but not it.
 */
final class HelloCommand implements Command {
    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String description() {
        return "announces this process (uptime)";
    }

    @Override
    public JsonNode execute(Args args) {
        return Json.object()
                .put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
    }
}
