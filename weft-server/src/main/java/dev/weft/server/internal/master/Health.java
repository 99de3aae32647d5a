package dev.weft.server.internal.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Json;
import dev.weft.control.MetricsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The master's answers for orchestrators, built from its snapshot alone (no child is asked, so a busy
 * child never delays a probe):
 *
 * <ul>
 *   <li>{@code /healthz}: the master is alive, 200 while it answers at all, with its state;
 *   <li>{@code /readyz}: 200 when every slot of every Worker has a ready child (a rolling reload keeps the
 *       old child serving, so a reload stays ready), else 503 — while the master starts, while a slot is
 *       being respawned, and once it is stopping.
 * </ul>
 *
 * Both are JSON, on the {@code --metrics} address and on the {@code --health} one.
 */
final class Health {
    static final String JSON = "application/json";

    private Health() {}

    /** Adds {@code /healthz} and {@code /readyz} to {@code server}. */
    static void serve(MetricsServer server, Supplier<MasterSnapshot> snapshot) {
        server.route("/healthz", () -> answer(200, healthz(snapshot.get(), Instant.now())));
        server.route("/readyz", () -> {
            ObjectNode doc = readyz(snapshot.get());
            return answer(doc.path("ready").asBoolean() ? 200 : 503, doc);
        });
    }

    private static MetricsServer.Answer answer(int status, ObjectNode doc) {
        return new MetricsServer.Answer(status, JSON, doc.toString() + "\n");
    }

    /** {@code {"status":"ok","pid":..,"state":"RUNNING","uptime_s":..}}. */
    static ObjectNode healthz(MasterSnapshot snap, Instant now) {
        return Json.object()
                .put("status", "ok")
                .put("pid", ProcessHandle.current().pid())
                .put("state", snap.state().name())
                .put("uptime_s", Duration.between(snap.startTime(), now).toSeconds());
    }

    /**
     * {@code {"ready":true|false,"state":..,"workers":{"web":{"slots":4,"ready":4}},"reason":..}}; the reason
     * is present only when not ready.
     */
    static ObjectNode readyz(MasterSnapshot snap) {
        ObjectNode doc = Json.object();
        ObjectNode workers = Json.object();
        String reason = null;
        for (String name : snap.workers()) {
            int slots = snap.counts().getOrDefault(name, 0);
            int ready = snap.readySlots().getOrDefault(name, 0);
            workers.set(name, Json.object().put("slots", slots).put("ready", ready));
            if (reason == null && ready < slots) {
                reason = "worker " + name + " has " + ready + " of " + slots + " slots ready";
            }
        }
        if (snap.state() == Master.State.SHUTDOWN) reason = "the master is stopping";
        else if (snap.state() == Master.State.STARTING && reason == null) reason = "the master is starting";
        doc.put("ready", reason == null).put("state", snap.state().name());
        doc.set("workers", workers);
        if (reason != null) doc.put("reason", reason);
        return doc;
    }
}
