package dev.weft.server.internal.master;

import dev.weft.server.Worker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Worker names must be unique: status, exit statistics, metrics and {@code weft scale} name Workers by it.
 */
final class WorkerNames {
    private WorkerNames() {}

    /** The error for a program whose Workers share a name, or null if every name is unique. */
    static String duplicates(List<Worker> workers) {
        Map<String, Integer> first = new LinkedHashMap<>();
        for (Worker w : workers) {
            Integer earlier = first.putIfAbsent(w.name(), w.index());
            if (earlier != null) {
                return "Workers #" + earlier + " and #" + w.index() + " are both named '" + w.name() + "'"
                        + (w.name().equals("none") ? " (the default name)" : "")
                        + ": give every Worker its own name with Worker.name(...)";
            }
        }
        return null;
    }
}
