package dev.weft.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code help}: the registered commands and what they do. */
final class HelpCommand implements Command {
    private final CommandRegistry registry;

    HelpCommand(CommandRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return "lists the commands this process answers";
    }

    @Override
    public JsonNode execute(Args args) {
        ObjectNode out = Json.object();
        registry.commands().forEach((name, c) -> out.put(name, c.description()));
        return out;
    }
}
