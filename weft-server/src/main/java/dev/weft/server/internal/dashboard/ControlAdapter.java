package dev.weft.server.internal.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.control.Args;
import dev.weft.control.BroadcastResult;
import dev.weft.control.CommandException;
import dev.weft.control.ControlSecret;
import dev.weft.control.Json;
import dev.weft.control.RedisControlClient;
import dev.weft.server.internal.ipc.Fanout;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The dashboard's only way to the control plane: every coroutine read and action goes through here, built on
 * the master's control commands ({@code list}, {@code dump}, {@code cancel}, ..., fanned out to the children; docs/CONTROL.md), and every answer is reshaped into the
 * dashboard's own JSON, so a change of the control path changes this class alone. System coroutines are never
 * listed, and a cancel or kill of one is refused by the child.
 *
 * <p>Shapes: a coroutine row is the control plane's ({@code id, name, parent, state, age_ms, suspension: {event,
 * age_ms, idle, cancellable} | null}); per-process answers are {@code {pid, worker, slot, ...}}, and processes
 * that did not answer are listed under {@code missing}.
 */
final class ControlAdapter {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** How long the fleet view waits for the processes of each app to answer over Redis. */
    static final Duration FLEET_TIMEOUT = Duration.ofSeconds(2);

    private final Fanout fanout;
    private final String redis;

    /**
     * @param fanout asks this master's children
     * @param redis  the Redis URL of fleet-wide control, or null
     */
    ControlAdapter(Fanout fanout, String redis) {
        this.fanout = fanout;
        this.redis = redis;
    }

    /**
     * The coroutines of one process ({@code pid}) or of all (null), oldest first.
     *
     * @param search      kept when the name or the event contains it (case-insensitive); null or blank: all
     * @param includeIdle also keep coroutines in an idle wait (kept-alive clients)
     * @param tree        nest each row under its listed parent ({@code children}), roots oldest first
     * @return {@code {processes: [{pid, worker, slot, count, coroutines: [...]}], missing: [...]}}
     */
    ObjectNode coroutines(Long pid, String search, boolean includeIdle, boolean tree) {
        ObjectNode reply = co("list", Json.object(), pid);
        ObjectNode out = Json.object();
        ArrayNode procs = out.putArray("processes");
        String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        for (JsonNode p : reply.path("processes")) {
            if (skipped(p)) continue;
            List<ObjectNode> rows = new ArrayList<>();
            for (JsonNode c : p.path("result").path("coroutines")) {
                if (c instanceof ObjectNode row && keep(row, needle, includeIdle)) rows.add(row);
            }
            rows.sort(
                    Comparator.comparingLong((ObjectNode r) -> r.path("age_ms").asLong())
                            .reversed());
            ObjectNode proc = identity(p);
            proc.put("count", rows.size());
            ArrayNode list = proc.putArray("coroutines");
            (tree ? nest(rows) : rows).forEach(list::add);
            procs.add(proc);
        }
        out.set("missing", missing(reply));
        return out;
    }

    /** {@code {pid, id, name, state, stack: ["at ..."]}} of coroutine {@code cid} of {@code pid}. */
    ObjectNode stack(long pid, long cid) {
        JsonNode p = single(co("dump", Json.object(), pid), pid);
        for (JsonNode c : p.path("result").path("coroutines")) {
            if (c.path("id").asLong() == cid) {
                ObjectNode out = ((ObjectNode) c).deepCopy();
                out.put("pid", pid);
                return out;
            }
        }
        throw new IllegalArgumentException("no coroutine " + cid + " in process " + pid + " (it may have ended)");
    }

    /** Cancels the wait of {@code pid:cid}: {@code {pid, cid, cancelled, error?}}. */
    ObjectNode cancel(long pid, long cid) {
        return action("cancel", "cancelled", pid, cid);
    }

    /** Kills {@code pid:cid}: {@code {pid, cid, killed, error?}}. */
    ObjectNode kill(long pid, long cid) {
        return action("kill", "killed", pid, cid);
    }

    /**
     * Kills every coroutine whose current wait is older than {@code olderThan}, in one process or all.
     *
     * @param match       only waits whose event matches this regex; null: any
     * @param includeIdle idle waits too
     * @return {@code {count, processes: [{pid, worker, slot, count, killed: [at most 100 of the ids]}], missing}}
     * @throws IllegalArgumentException if {@code olderThan} or {@code match} is malformed
     */
    ObjectNode killOlderThan(Long pid, String olderThan, String match, boolean includeIdle) {
        ObjectNode args = Json.object().put("olderThan", olderThan).put("includeIdle", includeIdle);
        if (match != null && !match.isBlank()) args.put("match", match);
        try {
            Args parsed = Args.of(args); // the children's own parser: a bad value fails here, once
            parsed.requiredDuration("olderThan");
            parsed.pattern("match");
        } catch (CommandException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        ObjectNode reply = co("kill", args, pid);
        ObjectNode out = Json.object();
        ArrayNode procs = out.putArray("processes");
        long count = 0;
        for (JsonNode p : reply.path("processes")) {
            if (skipped(p)) continue;
            ObjectNode proc = identity(p);
            // A process names at most 100 of the coroutines it killed; its count is all of them.
            proc.put("count", p.path("result").path("count").asLong());
            proc.set("killed", p.path("result").path("killed").deepCopy());
            count += proc.path("count").asLong();
            procs.add(proc);
        }
        out.put("count", count);
        out.set("missing", missing(reply));
        return out;
    }

    /**
     * How long the current waits have lasted, per event: {@code {buckets: ["<10ms", ...], events: [{event,
     * total, counts: [...]}], missing}}, the events with the most waits first.
     */
    ObjectNode histogram(Long pid) {
        ObjectNode reply = co("suspensions", Json.object(), pid);
        AgeHistogram h = new AgeHistogram();
        for (JsonNode p : reply.path("processes")) {
            for (JsonNode s : p.path("result").path("suspensions")) {
                h.add(s.path("event").asText("?"), s.path("age_ms").asLong());
            }
        }
        ObjectNode out = h.toJson();
        out.set("missing", missing(reply));
        return out;
    }

    /**
     * Every host and app that answers over Redis: the apps are found by their control channels
     * ({@code weft:<app>:control}), each gets a signed {@code stats}, and each process that answers is a row.
     *
     * @return {@code {configured: false}} without Redis; else {@code {configured: true, redis, processes: [{host,
     *     app, pid, worker, slot, live, suspended, rss}], errors: [{app, error}]}}
     */
    ObjectNode fleet() {
        ObjectNode out = Json.object().put("configured", redis != null);
        if (redis == null) return out;
        URI uri = URI.create(redis);
        out.put("redis", uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()); // never the password
        ArrayNode rows = out.putArray("processes");
        ArrayNode errors = out.putArray("errors");
        List<String> apps;
        try (Jedis jedis = new Jedis(uri)) {
            apps = new ArrayList<>(jedis.pubsubChannels("weft:*:control").stream()
                    .map(ch -> ch.substring("weft:".length(), ch.length() - ":control".length()))
                    .sorted()
                    .toList());
        } catch (JedisException e) {
            errors.addObject()
                    .put("app", "")
                    .put("error", "cannot reach " + out.get("redis").asText() + ": " + e.getMessage());
            return out;
        }
        ControlSecret secret;
        try {
            secret = ControlSecret.fromEnvironment();
        } catch (RuntimeException e) {
            errors.addObject().put("app", "").put("error", e.getMessage());
            return out;
        }
        // One broadcast per app, at the same time: the slowest app costs one timeout, not one each.
        Map<String, Thread> asks = new java.util.LinkedHashMap<>();
        Map<String, Object> answers = new java.util.concurrent.ConcurrentHashMap<>();
        for (String app : apps) {
            asks.put(app, Thread.ofVirtual().start(() -> {
                try {
                    answers.put(app, new RedisControlClient(uri, app, secret).broadcast("stats", null, FLEET_TIMEOUT));
                } catch (RuntimeException e) {
                    answers.put(app, e);
                }
            }));
        }
        for (Map.Entry<String, Thread> ask : asks.entrySet()) {
            try {
                ask.getValue().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Object a = answers.get(ask.getKey());
            if (a instanceof BroadcastResult r) {
                for (ObjectNode p : r.replies()) rows.add(fleetRow(ask.getKey(), p));
            } else if (a instanceof RuntimeException e) {
                errors.addObject().put("app", ask.getKey()).put("error", String.valueOf(e.getMessage()));
            }
        }
        return out;
    }

    private static ObjectNode fleetRow(String app, ObjectNode p) {
        JsonNode r = p.path("result");
        return Json.object()
                .put("host", p.path("host").asText())
                .put("app", app)
                .put("pid", p.path("pid").asLong())
                .put("worker", p.path("worker").asText())
                .put("slot", p.path("slot").asInt())
                .put("live", r.path("coroutines").path("live").asLong())
                .put("suspended", r.path("coroutines").path("suspended").asLong())
                .put("rss", r.path("memory").path("rss").asLong());
    }

    private ObjectNode action(String cmd, String field, long pid, long cid) {
        JsonNode p = single(co(cmd, Json.object().put("cid", cid), pid), pid);
        ObjectNode out = Json.object().put("pid", pid).put("cid", cid);
        if (!p.path("ok").asBoolean()) {
            return out.put(field, false).put("error", p.path("error").asText("failed"));
        }
        JsonNode r = p.path("result");
        out.put(field, r.path(field).asBoolean());
        if (r.hasNonNull("error")) out.put("error", r.get("error").asText());
        return out;
    }

    /** A registry command gathered from the children: {@code {cmd, processes: [child replies], missing: [...]}}. */
    private ObjectNode co(String command, ObjectNode args, Long pid) {
        if (pid != null) {
            args.put("pid", pid);
        }
        return fanout.gather(command, args, pid == null ? 0 : pid, TIMEOUT);
    }

    /** The one process's reply, or an error naming why it has none. */
    private static JsonNode single(ObjectNode reply, long pid) {
        for (JsonNode p : reply.path("processes")) {
            if (p.path("pid").asLong() == pid) return p;
        }
        for (JsonNode m : reply.path("missing")) {
            throw new IllegalStateException(
                    "process " + pid + ": " + m.path("error").asText());
        }
        throw new IllegalArgumentException("no process " + pid);
    }

    private static boolean skipped(JsonNode p) {
        return p.path("skipped").asBoolean();
    }

    private static ObjectNode identity(JsonNode p) {
        return Json.object()
                .put("pid", p.path("pid").asLong())
                .put("worker", p.path("worker").asText())
                .put("slot", p.path("slot").asInt());
    }

    private static ArrayNode missing(ObjectNode reply) {
        return reply.path("missing").isArray() ? (ArrayNode) reply.get("missing") : Json.MAPPER.createArrayNode();
    }

    private static boolean keep(ObjectNode row, String needle, boolean includeIdle) {
        JsonNode s = row.path("suspension");
        if (!includeIdle && s.path("idle").asBoolean()) return false;
        if (needle.isEmpty()) return true;
        return row.path("name").asText().toLowerCase(Locale.ROOT).contains(needle)
                || s.path("event").asText().toLowerCase(Locale.ROOT).contains(needle);
    }

    /** Nests rows under their listed parents; order (oldest first) is kept at every level. */
    private static List<ObjectNode> nest(List<ObjectNode> rows) {
        Map<Long, ObjectNode> byId = new HashMap<>();
        for (ObjectNode r : rows) byId.put(r.path("id").asLong(), r);
        List<ObjectNode> roots = new ArrayList<>();
        for (ObjectNode r : rows) {
            ObjectNode parent = byId.get(r.path("parent").asLong());
            if (parent == null || parent == r) {
                roots.add(r);
            } else {
                (parent.has("children") ? (ArrayNode) parent.get("children") : parent.putArray("children")).add(r);
            }
        }
        return roots;
    }
}
