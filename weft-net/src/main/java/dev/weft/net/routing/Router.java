package dev.weft.net.routing;

import dev.weft.net.Connection;
import dev.weft.net.HttpConnection;
import dev.weft.net.MessageHandler;
import dev.weft.net.RequestHandler;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.InternalAccess;
import dev.weft.net.http.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Routes HTTP requests by method and path to {@link RequestHandler}s, and answers what no route
 * takes:
 *
 * <pre>{@code
 * Router router = new Router()
 *         .get("/", (c, r) -> c.send(HELLO))
 *         .get("/users/{id}", (c, r) -> c.send(Response.json(users.find(r.pathParams().getLong("id", 0)))))
 *         .post("/users", (c, r) -> ...)
 *         .get("/static/*", (c, r) -> c.send(Response.file(root.resolve(r.pathParam("*")))));
 * Worker.http("http://0.0.0.0:8080").onRequest(router);
 * }</pre>
 *
 * <p><b>Patterns.</b> A pattern starts with {@code /}; its segments are literals, {@code {name}}
 * parameters (one non-empty segment, percent-decoded into {@link HttpRequest#pathParams()}) or, as
 * the last segment, {@code *}: the rest of the path, possibly empty ({@code /static/*} matches {@code
 * /static}, {@code /static/} and {@code /static/css/a.css}, with {@code *} = {@code ""}, {@code ""}
 * and {@code css/a.css}). Literals are compared with the path as sent (still percent-encoded), and
 * a trailing slash counts ({@code /a/} is not {@code /a}). When several patterns match, the more
 * specific wins: segment by segment, a literal before a parameter before a wildcard.
 *
 * <p><b>Answers built in.</b> No pattern matches: 404 (or the {@link #notFound} handler). A pattern
 * matches but has no route for the method: 405 with {@code Allow} listing the methods that do, or,
 * for {@code OPTIONS}, 204 with that {@code Allow}. {@code HEAD} takes the {@code GET} route unless
 * one is given for {@code HEAD} itself (the connection sends the head without the body).
 *
 * <p><b>Handlers</b> run in the connection's coroutine, so they may block in any Weft operation (a
 * sleep, a database call through {@code CoSocket}); a {@link dev.weft.net.http.BadRequestException}
 * they throw is answered 400.
 *
 * <p><b>Cost.</b> A path without parameters is found with one hash lookup; the others are matched
 * against precompiled segments in order of specificity, without regular expressions, allocating only
 * the parameter values. Routes may be added at any time (each addition publishes a new table), but
 * are meant to be set up before the listener starts.
 */
public final class Router implements RequestHandler, MessageHandler<HttpRequest> {
    private static final InternalAccess HTTP = InternalAccess.INSTANCE;
    private static final Response NOT_FOUND = Response.text(404, "Not Found\n");
    private static final Response METHOD_NOT_ALLOWED = Response.text(405, "Method Not Allowed\n");
    private static final Response NO_CONTENT = Response.status(204);

    /** The routes as matched; replaced whole on every change, so a request reads one consistent table. */
    private volatile Table table = new Table(Map.of(), new Endpoint[0], 0);

    private volatile RequestHandler notFound = (c, r) -> c.send(NOT_FOUND);

    /** Creates a router with no routes (every request gets 404). */
    public Router() {}

    /**
     * Routes {@code GET} (and so {@code HEAD}) requests for {@code pattern} to {@code handler}.
     *
     * @return this router
     * @throws IllegalArgumentException for a bad pattern, or a method and pattern routed already
     */
    public Router get(String pattern, RequestHandler handler) {
        return route("GET", pattern, handler);
    }

    /** Routes {@code POST} requests; see {@link #get}. */
    public Router post(String pattern, RequestHandler handler) {
        return route("POST", pattern, handler);
    }

    /** Routes {@code PUT} requests; see {@link #get}. */
    public Router put(String pattern, RequestHandler handler) {
        return route("PUT", pattern, handler);
    }

    /** Routes {@code DELETE} requests; see {@link #get}. */
    public Router delete(String pattern, RequestHandler handler) {
        return route("DELETE", pattern, handler);
    }

    /** Routes {@code PATCH} requests; see {@link #get}. */
    public Router patch(String pattern, RequestHandler handler) {
        return route("PATCH", pattern, handler);
    }

    /**
     * Routes requests with {@code method} for {@code pattern} to {@code handler}.
     *
     * @param method an HTTP method ({@code GET}, {@code POST}, ...; upper-cased here)
     * @param pattern the path pattern; see the class description
     * @param handler the handler
     * @return this router
     * @throws IllegalArgumentException for a bad pattern, or a method and pattern routed already
     */
    public synchronized Router route(String method, String pattern, RequestHandler handler) {
        Objects.requireNonNull(handler, "handler");
        String m = method.toUpperCase(Locale.ROOT);
        if (m.isEmpty() || !m.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("not an HTTP method: " + method);
        }
        PathPattern compiled = PathPattern.compile(pattern);
        Table t = table;
        Map<String, Endpoint> exact = new HashMap<>(t.exact);
        List<Endpoint> patterns = new ArrayList<>(List.of(t.patterns));
        if (compiled.isLiteral()) {
            Endpoint e = exact.get(pattern);
            exact.put(pattern, e == null ? new Endpoint(compiled, m, handler) : e.with(m, handler));
        } else {
            int same = -1;
            for (int i = 0; i < patterns.size() && same < 0; i++) {
                if (patterns.get(i).pattern.sameShape(compiled)) {
                    same = i;
                }
            }
            if (same >= 0 && patterns.get(same).pattern.toString().equals(pattern)) {
                patterns.set(same, patterns.get(same).with(m, handler));
            } else {
                if (same >= 0 && patterns.get(same).handlers.containsKey(m)) {
                    throw new IllegalArgumentException(
                            m + " " + pattern + " is routed already, as " + m + " " + patterns.get(same).pattern);
                }
                patterns.add(new Endpoint(compiled, m, handler));
                patterns.sort((a, b) -> a.pattern.compareTo(b.pattern)); // stable: equals keep their order
            }
        }
        int maxParams = Math.max(t.maxParams, compiled.names().length);
        table = new Table(Map.copyOf(exact), patterns.toArray(Endpoint[]::new), maxParams);
        return this;
    }

    /**
     * Sets the handler of requests no pattern matches (by default a plain-text {@code 404 Not Found}).
     *
     * @return this router
     */
    public Router notFound(RequestHandler handler) {
        this.notFound = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Routes one request: runs the matching route's handler, or answers 404/405 itself.
     *
     * @throws Exception what the route's handler throws
     */
    @Override
    public void onRequest(HttpConnection connection, HttpRequest request) throws Exception {
        Table t = table;
        String method = request.method();
        String path = request.path();
        Endpoint exact = t.exact.get(path);
        if (exact != null) {
            RequestHandler h = exact.handler(method);
            if (h != null) {
                h.onRequest(connection, request);
                return;
            }
        }
        TreeSet<String> allowed = null;
        if (t.patterns.length > 0) {
            String[] values = new String[t.maxParams];
            for (Endpoint e : t.patterns) {
                if (!e.pattern.match(path, values)) {
                    continue;
                }
                RequestHandler h = e.handler(method);
                if (h != null) {
                    String[] names = e.pattern.names();
                    HTTP.pathParams(request, names, values, names.length);
                    h.onRequest(connection, request);
                    return;
                }
                allowed = e.addAllowed(allowed);
            }
        }
        if (exact != null) {
            allowed = exact.addAllowed(allowed);
        }
        if (allowed == null) {
            notFound.onRequest(connection, request);
        } else {
            String allow = String.join(", ", allowed);
            connection.send((method.equals("OPTIONS") ? NO_CONTENT : METHOD_NOT_ALLOWED).withHeader("Allow", allow));
        }
    }

    /**
     * The Workerman-style entry: {@code new Worker("http://...").onMessage(router)} routes as {@link
     * #onRequest} does. {@code connection} must be the connection of an HTTP listener.
     *
     * @throws Exception what the route's handler throws
     */
    @Override
    public void onMessage(Connection connection, HttpRequest request) throws Exception {
        onRequest((HttpConnection) connection, request);
    }

    @Override
    public String toString() {
        Table t = table;
        List<String> routes = new ArrayList<>();
        t.exact.values().forEach(e -> routes.add(e.toString()));
        for (Endpoint e : t.patterns) {
            routes.add(e.toString());
        }
        return "Router" + routes;
    }

    /** The routes of one moment: literal paths by hash, patterns in order of specificity. */
    private record Table(Map<String, Endpoint> exact, Endpoint[] patterns, int maxParams) {}

    /** One pattern and its handlers by method. Immutable. */
    private static final class Endpoint {
        final PathPattern pattern;
        final Map<String, RequestHandler> handlers;

        Endpoint(PathPattern pattern, String method, RequestHandler handler) {
            this(pattern, Map.of(method, handler));
        }

        private Endpoint(PathPattern pattern, Map<String, RequestHandler> handlers) {
            this.pattern = pattern;
            this.handlers = handlers;
        }

        Endpoint with(String method, RequestHandler handler) {
            if (handlers.containsKey(method)) {
                throw new IllegalArgumentException(method + " " + pattern + " is routed already");
            }
            Map<String, RequestHandler> more = new LinkedHashMap<>(handlers);
            more.put(method, handler);
            return new Endpoint(pattern, Map.copyOf(more));
        }

        /** The handler for {@code method}; {@code HEAD} falls back to {@code GET}. */
        RequestHandler handler(String method) {
            RequestHandler h = handlers.get(method);
            if (h == null && method.equals("HEAD")) {
                h = handlers.get("GET");
            }
            return h;
        }

        TreeSet<String> addAllowed(TreeSet<String> allowed) {
            TreeSet<String> set = allowed == null ? new TreeSet<>() : allowed;
            set.addAll(handlers.keySet());
            if (handlers.containsKey("GET")) {
                set.add("HEAD");
            }
            return set;
        }

        @Override
        public String toString() {
            return new TreeSet<>(handlers.keySet()) + " " + pattern;
        }
    }
}
