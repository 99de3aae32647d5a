package dev.weft.net.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One parsed HTTP request: request line, header fields, the whole body (chunked framing removed)
 * and any trailer fields. Produced by the server's HTTP parser; immutable except for lazily
 * parsed views (query, cookies, form), so it is meant for one handler thread at a time.
 */
public final class HttpRequest {
    private final String method;
    private final String target;
    private final HttpVersion version;
    private final HttpHeaders headers;
    private final byte[] body;
    private final HttpHeaders trailers;
    private final HttpLimits limits;
    private final String path;
    private final String rawQuery;
    private final String authority;

    private Parameters query;
    private Parameters pathParams = Parameters.EMPTY;
    private Map<String, String> cookies;
    private FormData form;

    HttpRequest(
            String method,
            String target,
            HttpVersion version,
            HttpHeaders headers,
            byte[] body,
            HttpHeaders trailers,
            HttpLimits limits) {
        this.method = method;
        this.target = target;
        this.version = version;
        this.headers = headers;
        this.body = body;
        this.trailers = trailers;
        this.limits = limits;
        String pathAndQuery = target;
        String fromTarget = null;
        if (!target.startsWith("/") && !target.equals("*")) {
            // absolute-form (the parser admits no other): scheme "://" authority [ path-abempty ]
            int authorityStart = target.indexOf("://") + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < target.length() && "/?".indexOf(target.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            fromTarget = target.substring(authorityStart, authorityEnd);
            pathAndQuery = target.substring(authorityEnd);
            if (pathAndQuery.isEmpty() || pathAndQuery.charAt(0) == '?') {
                pathAndQuery = "/" + pathAndQuery;
            }
        }
        int question = pathAndQuery.indexOf('?');
        this.path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        this.rawQuery = question < 0 ? null : pathAndQuery.substring(question + 1);
        this.authority = fromTarget;
    }

    /**
     * Returns the request method, upper case as sent ({@code GET}, {@code POST}, ...).
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * Returns the request target exactly as sent: {@code /path?query}, an absolute URI, or {@code
     * *}.
     *
     * @return the raw request target
     */
    public String target() {
        return target;
    }

    /**
     * Returns the path of the target, still percent-encoded ({@code /a%20b}); {@code *} for {@code
     * OPTIONS *}. Decoding is left to the router so that an encoded {@code %2F} stays distinct from
     * a path separator.
     *
     * @return the raw path
     */
    public String path() {
        return path;
    }

    /**
     * Returns the query string after {@code ?}, still encoded.
     *
     * @return the raw query, or {@code null} if the target has no {@code ?}
     */
    public String rawQuery() {
        return rawQuery;
    }

    /**
     * Returns the decoded query parameters, parsed on first call.
     *
     * @return the query parameters, empty if there is no query
     * @throws HttpParseException with status 400 if the query is malformed or has too many pairs
     */
    public Parameters query() {
        if (query == null) {
            query = Parameters.parseUrlEncoded(rawQuery, limits.maxParameters());
        }
        return query;
    }

    /**
     * Returns the parameters a {@code Router} took from the path: {@code /users/{id}} matched by
     * {@code /users/42} gives {@code id=42}, a wildcard tail {@code /static/*} gives {@code *}. The
     * values are percent-decoded. Use the typed getters for numbers: {@code
     * r.pathParams().getLong("id", 0)} answers 400 for {@code /users/abc}.
     *
     * @return the path parameters; empty for a request that was not routed or has none
     */
    public Parameters pathParams() {
        return pathParams;
    }

    /**
     * Returns one parameter a {@code Router} took from the path; see {@link #pathParams()}.
     *
     * @param name the parameter's name in the route's pattern ({@code id} for {@code {id}}, {@code *}
     *     for a wildcard tail)
     * @return the decoded value, or {@code null} if the route has no such parameter
     */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    void pathParams(String[] names, String[] rawValues, int count) {
        Parameters.Builder builder = new Parameters.Builder();
        for (int i = 0; i < count; i++) {
            builder.add(names[i], PercentDecoder.decodePathSegment(rawValues[i]));
        }
        pathParams = builder.build();
    }

    /**
     * Returns the HTTP version of the request.
     *
     * @return the version
     */
    public HttpVersion version() {
        return version;
    }

    /**
     * Returns the header fields.
     *
     * @return the headers
     */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * Returns the first value of a header field, ignoring the name's case.
     *
     * @param name the field name
     * @return the value, or {@code null} if absent
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * Returns the trailer fields that followed a chunked body.
     *
     * @return the trailers, empty for other bodies
     */
    public HttpHeaders trailers() {
        return trailers;
    }

    /**
     * Returns the host the request is for: the authority of an absolute-form target, which RFC
     * 9112 section 3.2.2 says overrides Host, else the Host header.
     *
     * @return the host and optional port, or {@code null} for an HTTP/1.0 request without Host
     */
    public String host() {
        return authority != null ? authority : headers.get("Host");
    }

    /**
     * Returns the body bytes, with any chunked framing removed. Do not modify the array.
     *
     * @return the body, empty if there is none
     */
    public byte[] body() {
        return body;
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the body text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Tells whether the connection may stay open after the response: for HTTP/1.1 unless the
     * client sent {@code Connection: close}; for HTTP/1.0 only if it sent {@code Connection:
     * keep-alive}.
     *
     * @return true if the client allows another request on this connection
     */
    public boolean keepAlive() {
        if (headers.containsToken("Connection", "close")) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || headers.containsToken("Connection", "keep-alive");
    }

    /**
     * Tells whether the client sent {@code Expect: 100-continue} in an HTTP/1.1 request (RFC 9110
     * section 10.1.1 has servers ignore it in HTTP/1.0).
     *
     * @return true if the client waits for 100 Continue before sending the body
     */
    public boolean expectsContinue() {
        return version == HttpVersion.HTTP_1_1 && headers.containsToken("Expect", "100-continue");
    }

    /**
     * Tells whether this is a HEAD request, whose response must carry no body.
     *
     * @return true for HEAD
     */
    public boolean isHead() {
        return "HEAD".equals(method);
    }

    /**
     * Returns the cookies from the {@code Cookie} header(s), parsed on first call: name to value;
     * for a repeated name the first wins.
     *
     * @return the cookies, read-only and empty if none
     */
    public Map<String, String> cookies() {
        if (cookies == null) {
            cookies = Cookies.parse(headers.getAll("Cookie"));
        }
        return cookies;
    }

    /**
     * Returns the form submitted in the body, parsed on first call: for {@code
     * application/x-www-form-urlencoded} the fields, for {@code multipart/form-data} the fields
     * and uploaded files; for any other body, an empty form.
     *
     * @return the form
     * @throws HttpParseException with status 400 if the body is not a well-formed form
     */
    public FormData form() {
        if (form == null) {
            form = parseForm();
        }
        return form;
    }

    private FormData parseForm() {
        String contentType = headers.get("Content-Type");
        if (contentType == null) {
            return FormData.EMPTY;
        }
        return switch (HeaderParams.main(contentType)) {
            case "application/x-www-form-urlencoded" ->
                new FormData(Parameters.parseUrlEncoded(body, limits.maxParameters()), java.util.List.of());
            case "multipart/form-data" ->
                Multipart.parse(body, HeaderParams.param(contentType, "boundary"), limits.maxParameters());
            default -> FormData.EMPTY;
        };
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version;
    }
}
