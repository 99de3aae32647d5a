package dev.weft.server.internal.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.weft.control.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over the JDK's {@link HttpExchange}: answers with the dashboard's headers, bodies, parameters. */
final class Http {
    /** The longest request body read: the dashboard's POSTs are a few dozen bytes. */
    static final int MAX_BODY = 16 * 1024;

    static final String JSON = "application/json";
    static final String HTML = "text/html; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    /** Only the jar's own files run, nothing is framed, no referrer leaves for another site. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private Http() {}

    /** Thrown by a handler for a bad request: answered with this status and {@code {"error": message}}. */
    static final class Failure extends RuntimeException {
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    static void headers(HttpExchange ex, String contentType) {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "same-origin"); // no-referrer would make Chrome send "Origin: null" on our own POSTs
        h.set("X-Frame-Options", "DENY");
        h.set("Content-Security-Policy", CSP);
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        headers(ex, contentType);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static void json(HttpExchange ex, int status, JsonNode doc) throws IOException {
        send(ex, status, JSON, doc.toString() + "\n");
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Json.object().put("error", message));
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        headers(ex, TEXT);
        ex.sendResponseHeaders(303, -1);
    }

    /** The request body, at most {@link #MAX_BODY} bytes. */
    static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) throw new Failure(413, "request body over " + MAX_BODY + " bytes");
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** The body as a JSON object; an empty body is {@code {}}. */
    static JsonNode jsonBody(HttpExchange ex) throws IOException {
        String text = body(ex);
        if (text.isBlank()) return Json.object();
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (!n.isObject()) throw new Failure(400, "the body must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Failure(400, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code a=1&b=2} (a query string or a form body), decoded; a repeated name keeps its first value. */
    static Map<String, String> params(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return out;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(
                        URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new Failure(400, "malformed parameter " + k);
            }
        }
        return out;
    }

    /** A parameter as a pid or id: null when absent or empty. */
    static Long optionalLong(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new Failure(400, name + " must be a number, got '" + v + "'");
        }
    }

    static long requiredLong(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v != null && v.canConvertToLong() && v.isIntegralNumber()) return v.asLong();
        if (v != null && v.isTextual()) {
            try {
                return Long.parseLong(v.asText().strip());
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw new Failure(400, "'" + name + "' must be a number");
    }
}
