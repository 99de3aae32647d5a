package dev.weft.server.internal.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.control.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboard's HTTP server (the JDK's, one virtual thread per request): the pages, their static files, the
 * JSON API and the live process table as server-sent events. Every request but the login page needs {@link
 * Access}; every action is a POST that {@link Access#refusePost} lets through.
 */
final class DashboardServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.weft.server.internal.dashboard");
    private static final String RESOURCES = "/dev/weft/server/internal/dashboard/static/";
    /** Page path → its title; each is {@code page.html} with the page's name, filled in by {@code app.js}. */
    private static final Map<String, String> PAGES = Map.of(
            "/processes", "Processes",
            "/coroutines", "Coroutines",
            "/histogram", "Suspension ages",
            "/exits", "Exit statistics",
            "/fleet", "Fleet");
    /** Static files; the ones the login page needs are served without a session. */
    private static final Map<String, String> STATIC = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "login.js", "text/javascript; charset=utf-8");

    private static final Set<String> PUBLIC_STATIC = Set.of("app.css", "login.js");
    /** How often the live process table is sent. */
    static final Duration EVENT_INTERVAL = Duration.ofSeconds(1);
    /** Live streams open at once, at most: each asks every child once per interval. */
    static final int MAX_STREAMS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final MasterView master;
    private final ControlAdapter control;
    private final Access access;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final AtomicLong windows = new AtomicLong();
    private volatile boolean closed;

    private DashboardServer(HttpServer server, ExecutorService executor, MasterView master, Access access) {
        this.server = server;
        this.executor = executor;
        this.master = master;
        this.control = new ControlAdapter(master.fanout(), master.redis());
        this.access = access;
    }

    /**
     * Serves the dashboard on {@code address} (host:port; port 0 picks a free one) for {@code master}, letting in
     * callers with {@code token}.
     *
     * @throws IllegalArgumentException if {@code address} is not host:port
     * @throws IOException              if it cannot be bound
     */
    static DashboardServer start(String address, MasterView master, String token) throws IOException {
        HttpServer server = HttpServer.create(DashboardConfig.socketAddress(address), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        DashboardServer d = new DashboardServer(server, executor, master, new Access(token));
        server.createContext("/", d::handle);
        server.start();
        return d;
    }

    /** The bound port. */
    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (Http.Failure f) {
                Http.error(ex, f.status, f.getMessage());
            } catch (IllegalArgumentException e) {
                Http.error(ex, 400, e.getMessage());
            } catch (IllegalStateException | UncheckedIOException e) {
                Http.error(ex, 503, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "dashboard " + ex.getRequestURI().getPath() + " failed",
                        e);
                Http.error(ex, 500, "failed: " + e);
            }
        } catch (IOException e) {
            // the browser went away
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        if (!get && !post) {
            Http.error(ex, 405, "method " + method + " not allowed");
            return;
        }
        if (path.equals("/login")) {
            if (post) login(ex);
            else page(ex, "login.html", "Log in", "");
            return;
        }
        if (get && path.startsWith("/static/") && PUBLIC_STATIC.contains(path.substring(8))) {
            file(ex, path.substring(8));
            return;
        }
        Access.Caller caller = access.caller(ex);
        if (caller == null) {
            // A browser sees the login page; any client sees 401.
            if (get && !path.startsWith("/api/")) page(ex, "login.html", "Log in", "", 401);
            else Http.error(ex, 401, "the dashboard token is required (Authorization: Bearer, or log in)");
            return;
        }
        if (post) {
            String why = access.refusePost(ex, caller);
            if (why != null) {
                Http.error(ex, 403, why);
                return;
            }
            post(ex, path, caller);
            return;
        }
        get(ex, path, caller);
    }

    private void get(HttpExchange ex, String path, Access.Caller caller) throws IOException {
        Map<String, String> q = Http.params(ex.getRequestURI().getRawQuery());
        switch (path) {
            case "/" -> Http.redirect(ex, "/processes");
            case "/api/status" -> Http.json(ex, 200, master.status("dashboard-api"));
            case "/api/events" -> events(ex);
            case "/api/coroutines" ->
                Http.json(
                        ex,
                        200,
                        control.coroutines(
                                Http.optionalLong(q, "pid"),
                                q.get("q"),
                                "1".equals(q.get("idle")),
                                "1".equals(q.get("tree"))));
            case "/api/stack" -> {
                Long pid = Http.optionalLong(q, "pid"), cid = Http.optionalLong(q, "cid");
                if (pid == null || cid == null) throw new Http.Failure(400, "pid and cid are required");
                Http.json(ex, 200, control.stack(pid, cid));
            }
            case "/api/histogram" -> Http.json(ex, 200, control.histogram(Http.optionalLong(q, "pid")));
            case "/api/fleet" -> Http.json(ex, 200, control.fleet());
            default -> {
                if (PAGES.containsKey(path)) {
                    page(ex, "page.html", PAGES.get(path), caller.csrf());
                } else if (path.startsWith("/static/") && STATIC.containsKey(path.substring(8))) {
                    file(ex, path.substring(8));
                } else {
                    Http.error(ex, 404, "not found: " + path);
                }
            }
        }
    }

    private void post(HttpExchange ex, String path, Access.Caller caller) throws IOException {
        if (path.equals("/logout")) {
            ex.getResponseHeaders().set("Set-Cookie", access.logout(caller));
            Http.json(ex, 200, Json.object().put("logged_out", true));
            return;
        }
        JsonNode body = Http.jsonBody(ex);
        ObjectNode answer =
                switch (path) {
                    case "/api/cancel" ->
                        control.cancel(Http.requiredLong(body, "pid"), Http.requiredLong(body, "cid"));
                    case "/api/kill" -> control.kill(Http.requiredLong(body, "pid"), Http.requiredLong(body, "cid"));
                    case "/api/kill-older" -> {
                        String olderThan = body.path("olderThan").asText("");
                        if (olderThan.isBlank()) throw new Http.Failure(400, "olderThan is required, e.g. 30s");
                        yield control.killOlderThan(
                                body.hasNonNull("pid")
                                                && !body.get("pid").asText().isBlank()
                                        ? Http.requiredLong(body, "pid")
                                        : null,
                                olderThan,
                                body.path("match").asText(null),
                                body.path("includeIdle").asBoolean());
                    }
                    case "/api/reload" -> {
                        boolean graceful = body.path("graceful").asBoolean();
                        LOG.log(System.Logger.Level.INFO, "reload" + (graceful ? " -g" : "") + " from the dashboard");
                        yield Json.object().put("reload", master.reload(graceful));
                    }
                    case "/api/stop" -> {
                        boolean graceful = body.path("graceful").asBoolean();
                        LOG.log(System.Logger.Level.INFO, "stop" + (graceful ? " -g" : "") + " from the dashboard");
                        master.stop(graceful);
                        yield Json.object().put("stop", graceful ? "graceful" : "now");
                    }
                    default -> throw new Http.Failure(404, "not found: POST " + path);
                };
        Http.json(ex, 200, answer);
    }

    private void login(HttpExchange ex) throws IOException {
        String why = access.refusePost(ex, null);
        if (why != null) {
            Http.error(ex, 403, why);
            return;
        }
        String cookie = access.login(Http.params(Http.body(ex)).get("token"));
        if (cookie == null) {
            page(ex, "login.html", "Log in", "", 401);
            return;
        }
        ex.getResponseHeaders().set("Set-Cookie", cookie);
        Http.redirect(ex, "/processes");
    }

    /**
     * The live process table: a {@code status} event (the {@code status --json} document) at once and then every
     * {@link #EVENT_INTERVAL}, until the browser goes away or the dashboard closes. Each stream has its own qps
     * window.
     */
    private void events(HttpExchange ex) throws IOException {
        if (!streams.tryAcquire()) {
            Http.error(ex, 503, "too many live views open (" + MAX_STREAMS + ")");
            return;
        }
        try {
            Http.headers(ex, "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            String window = "dashboard-" + windows.incrementAndGet();
            OutputStream out = ex.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            while (!closed) {
                String data = master.status(window).toString();
                out.write(("event: status\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush(); // throws once the browser has gone
                try {
                    Thread.sleep(EVENT_INTERVAL); // the stream's own pace, not synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            streams.release();
        }
    }

    private void page(HttpExchange ex, String file, String title, String csrf) throws IOException {
        page(ex, file, title, csrf, 200);
    }

    private void page(HttpExchange ex, String file, String title, String csrf, int status) throws IOException {
        String html = new String(resource(file), StandardCharsets.UTF_8)
                .replace("{{title}}", escape(title))
                .replace("{{app}}", escape(master.appName()))
                .replace("{{csrf}}", escape(csrf))
                .replace("{{page}}", escape(ex.getRequestURI().getPath().substring(1)));
        Http.send(ex, status, Http.HTML, html);
    }

    private void file(HttpExchange ex, String name) throws IOException {
        Http.send(ex, 200, STATIC.get(name), resource(name));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IOException("missing dashboard resource " + name);
            return in.readAllBytes();
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** Stops serving: open live streams end, requests in flight are cut. */
    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
