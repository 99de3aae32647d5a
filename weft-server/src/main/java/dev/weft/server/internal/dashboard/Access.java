package dev.weft.server.internal.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the dashboard, and which POSTs are safe:
 *
 * <ul>
 *   <li>a request is let in with the token as {@code Authorization: Bearer <token>}, or with the session cookie a
 *       login set ({@code POST /login} with the token once; the cookie is {@code HttpOnly; SameSite=Strict} and
 *       names a random session, never the token);
 *   <li>a mutating request is a POST whose {@code Origin} (when sent, as browsers do) is this server's own, and,
 *       when it came with the cookie, that carries the session's CSRF token in {@value #CSRF_HEADER}: a page of
 *       another site can make the browser send the cookie, but can neither read the CSRF token nor set the header.
 *       A Bearer request cannot be forged by another site, so it needs no CSRF token.
 * </ul>
 */
final class Access {
    static final String COOKIE = "weft_dashboard";
    static final String CSRF_HEADER = "X-Weft-CSRF";
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** Sessions kept at most; the oldest go first. A login costs the token, so this only bounds memory. */
    static final int MAX_SESSIONS = 256;

    /** A session a login opened. */
    record Session(String id, String csrf, long expiresAtNanos) {}

    /** Who made a request: with a Bearer token ({@code session} null) or with a session cookie. */
    record Caller(Session session) {
        boolean bearer() {
            return session == null;
        }

        /** The CSRF token the pages embed; empty for a Bearer caller. */
        String csrf() {
            return session == null ? "" : session.csrf();
        }
    }

    private final String token;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Access(String token) {
        this.token = token;
    }

    /** The caller of {@code ex}, or null when it has neither the token nor a live session. */
    Caller caller(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return DashboardToken.matches(token, auth.substring(7).strip()) ? new Caller(null) : null;
        }
        String sid = cookie(ex, COOKIE);
        if (sid == null) return null;
        Session s = sessions.get(sid);
        if (s == null) return null;
        if (System.nanoTime() - s.expiresAtNanos() > 0) {
            sessions.remove(sid);
            return null;
        }
        return new Caller(s);
    }

    /** Opens a session when {@code given} is the token: its {@code Set-Cookie} value, or null. */
    String login(String given) {
        if (!DashboardToken.matches(token, given == null ? null : given.strip())) return null;
        prune();
        Session s = new Session(
                DashboardToken.random(32), DashboardToken.random(24), System.nanoTime() + SESSION_LIFETIME.toNanos());
        sessions.put(s.id(), s);
        return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + SESSION_LIFETIME.toSeconds();
    }

    /** Ends the caller's session; the answer's {@code Set-Cookie} value clears the cookie. */
    String logout(Caller caller) {
        if (caller.session() != null) sessions.remove(caller.session().id());
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    /**
     * Why a POST of {@code caller} must be refused (another site's origin, a missing or wrong CSRF token), or null
     * when it is safe.
     */
    String refusePost(HttpExchange ex, Caller caller) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && !sameOrigin(ex, origin)) return "cross-origin request refused (Origin " + origin + ")";
        String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "cross-site request refused (Sec-Fetch-Site " + site + ")";
        }
        if (caller != null && !caller.bearer()) {
            String csrf = ex.getRequestHeaders().getFirst(CSRF_HEADER);
            if (!DashboardToken.matches(caller.session().csrf(), csrf)) return "missing or wrong " + CSRF_HEADER;
        }
        return null;
    }

    /** An Origin is ours when it is {@code http://} plus the Host the request was sent to. */
    private static boolean sameOrigin(HttpExchange ex, String origin) {
        String host = ex.getRequestHeaders().getFirst("Host");
        return host != null && origin.equalsIgnoreCase("http://" + host);
    }

    private void prune() {
        long now = System.nanoTime();
        sessions.values().removeIf(s -> now - s.expiresAtNanos() > 0);
        Iterator<Session> oldest = sessions.values().stream()
                .sorted((a, b) -> Long.compare(a.expiresAtNanos(), b.expiresAtNanos()))
                .iterator();
        while (sessions.size() >= MAX_SESSIONS && oldest.hasNext())
            sessions.remove(oldest.next().id());
    }

    static String cookie(HttpExchange ex, String name) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
            }
        }
        return null;
    }
}
