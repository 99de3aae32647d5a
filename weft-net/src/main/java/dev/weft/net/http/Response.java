package dev.weft.net.http;

import dev.weft.net.internal.text.HttpChars;
import dev.weft.net.internal.text.MimeTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * An HTTP response: status, header fields and one kind of body (bytes, a file, or a {@link
 * ChunkedBody} stream). Built by the handler, turned into bytes by the connection's encoder, which
 * adds Date, Content-Length or Transfer-Encoding and Connection itself.
 *
 * <p>Immutable: every {@code with...} method returns a new response and leaves this one as it
 * was, so a response for a constant answer can be built once and sent by every request of every
 * thread ({@code static final Response HELLO = Response.text("hello")}). A body array handed to
 * {@link #withBody(byte[])} is not copied: do not change it afterwards.
 *
 * <pre>{@code
 * Response.json("{\"ok\":true}").withHeader("Cache-Control", "no-store").withCookie(Cookie.of("a", "b"))
 * Response.text(404, "no such user\n")
 * Response.redirect("/login")
 * }</pre>
 */
public final class Response {
    private static final byte[] NO_BODY = new byte[0];
    private static final String[] NO_HEADERS = new String[0];
    private static final String[] TEXT = {"Content-Type", "text/plain; charset=utf-8"};
    private static final String[] HTML = {"Content-Type", "text/html; charset=utf-8"};
    private static final String[] JSON = {"Content-Type", "application/json"};
    private static final String[] OCTETS = {"Content-Type", "application/octet-stream"};

    private final int status;
    /** name, value, name, value, ...; never changed once the response exists (shared between copies). */
    private final String[] headers;

    private final byte[] body;
    private final Path file;
    private final long fileLength;
    private final ChunkedBody stream;

    private Response(int status, String[] headers, byte[] body, Path file, long fileLength, ChunkedBody stream) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.file = file;
        this.fileLength = fileLength;
        this.stream = stream;
    }

    private static Response of(int status, String[] headers, byte[] body) {
        return new Response(checkStatus(status), headers, body, null, 0, null);
    }

    /**
     * Creates a response with this status, no header fields and an empty body.
     *
     * @param status a status code from 100 to 599
     * @return the response
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Response status(int status) {
        return of(status, NO_HEADERS, NO_BODY);
    }

    /**
     * Creates a 200 response with a UTF-8 {@code text/plain} body.
     *
     * @param text the body
     * @return the response
     */
    public static Response text(String text) {
        return text(200, text);
    }

    /**
     * Creates a response with this status and a UTF-8 {@code text/plain} body.
     *
     * @param status a status code from 100 to 599
     * @param text the body
     * @return the response
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Response text(int status, String text) {
        return of(status, TEXT, utf8(text));
    }

    /**
     * Creates a 200 response with a UTF-8 {@code text/html} body.
     *
     * @param html the body
     * @return the response
     */
    public static Response html(String html) {
        return html(200, html);
    }

    /**
     * Creates a response with this status and a UTF-8 {@code text/html} body.
     *
     * @param status a status code from 100 to 599
     * @param html the body
     * @return the response
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Response html(int status, String html) {
        return of(status, HTML, utf8(html));
    }

    /**
     * Creates a 200 response with an {@code application/json} body.
     *
     * @param json the body, already serialised
     * @return the response
     */
    public static Response json(String json) {
        return json(200, json);
    }

    /**
     * Creates a response with this status and an {@code application/json} body.
     *
     * @param status a status code from 100 to 599
     * @param json the body, already serialised
     * @return the response
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Response json(int status, String json) {
        return of(status, JSON, utf8(json));
    }

    /**
     * Creates a 200 response with an {@code application/octet-stream} body. The array is not copied.
     *
     * @param bytes the body
     * @return the response
     */
    public static Response bytes(byte[] bytes) {
        return of(200, OCTETS, Objects.requireNonNull(bytes));
    }

    /**
     * Creates a {@code 302 Found} redirect to {@code location}, with an empty body.
     *
     * @param location an absolute URL or a path, as the {@code Location} header carries it
     * @return the response
     * @throws IllegalArgumentException if the location is not a valid header value
     */
    public static Response redirect(String location) {
        return redirect(302, location);
    }

    /**
     * Creates a redirect with this status ({@code 301}, {@code 302}, {@code 303}, {@code 307} or
     * {@code 308}) to {@code location}, with an empty body.
     *
     * @param status the redirect status
     * @param location an absolute URL or a path, as the {@code Location} header carries it
     * @return the response
     * @throws IllegalArgumentException if the status is not a redirect or the location is not a valid
     *     header value
     */
    public static Response redirect(int status, String location) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("not a redirect status: " + status);
        }
        return status(status).withHeader("Location", location);
    }

    /**
     * Creates a 200 response whose body is a file, with its Content-Type chosen by extension and its
     * Content-Length the file's size now. The connection sends the file itself after the encoded
     * head, without copying it through the Java heap on a plain connection ({@code
     * FileChannel.transferTo}, the kernel's {@code sendfile}); over TLS it is read and encrypted in
     * chunks. The file must not shrink before it is sent (the connection then closes).
     *
     * @param path a regular, readable file
     * @return the response
     * @throws UncheckedIOException if the file is missing, not regular or not readable
     */
    public static Response file(Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UncheckedIOException(new IOException("not a readable regular file: " + path));
        }
        long length;
        try {
            length = Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path name = path.getFileName();
        String type = MimeTypes.forFileName(name == null ? "" : name.toString());
        return new Response(200, new String[] {"Content-Type", type}, NO_BODY, path, length, null);
    }

    /**
     * Creates a 200 response whose body is written piece by piece while it is sent, with chunked
     * transfer coding.
     *
     * @param body writes the body
     * @return the response
     */
    public static Response stream(ChunkedBody body) {
        return new Response(200, NO_HEADERS, NO_BODY, null, 0, Objects.requireNonNull(body));
    }

    /**
     * Creates the response for a rejected request: its status, its reason as a plain-text body,
     * and {@code Connection: close}, since the connection cannot go on after a framing error.
     *
     * @param error what the parser rejected
     * @return the response
     */
    public static Response error(HttpParseException error) {
        return of(error.status(), new String[] {TEXT[0], TEXT[1], "Connection", "close"}, utf8(error.reason()));
    }

    /**
     * Returns a copy with another status.
     *
     * @param newStatus a status code from 100 to 599
     * @return the new response
     * @throws IllegalArgumentException if the status is out of range
     */
    public Response withStatus(int newStatus) {
        return new Response(checkStatus(newStatus), headers, body, file, fileLength, stream);
    }

    /**
     * Returns a copy with one more header field; a name may be added more than once. Content-Length
     * and Transfer-Encoding are refused: the encoder derives them from the body, so they can never
     * disagree with it.
     *
     * @param name a token
     * @param value visible characters, spaces and tabs, without leading or trailing whitespace
     * @return the new response
     * @throws IllegalArgumentException for an invalid name or value (a CR or LF would let a value
     *     inject headers) or a framing header
     */
    public Response withHeader(String name, String value) {
        if (!HttpChars.isToken(name)) {
            throw new IllegalArgumentException("invalid header name: " + name);
        }
        if (value == null || !HttpChars.isFieldValue(value)) {
            throw new IllegalArgumentException("invalid header value for " + name);
        }
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " is set by the encoder from the body");
        }
        String[] more = Arrays.copyOf(headers, headers.length + 2);
        more[headers.length] = name;
        more[headers.length + 1] = value;
        return new Response(status, more, body, file, fileLength, stream);
    }

    /**
     * Returns a copy with a {@code Set-Cookie} header for {@code cookie}.
     *
     * @param cookie the cookie
     * @return the new response
     */
    public Response withCookie(Cookie cookie) {
        return withHeader("Set-Cookie", cookie.toHeaderValue());
    }

    /**
     * Returns a copy with a {@code Set-Cookie} header for a session cookie with no attributes.
     *
     * @param name the cookie name
     * @param value the cookie value
     * @return the new response
     */
    public Response withCookie(String name, String value) {
        return withCookie(Cookie.of(name, value));
    }

    /**
     * Returns a copy whose body is these bytes, in place of any file or stream body. The array is
     * not copied: do not change it afterwards.
     *
     * @param bytes the body
     * @return the new response
     */
    public Response withBody(byte[] bytes) {
        return new Response(status, headers, Objects.requireNonNull(bytes), null, 0, null);
    }

    /**
     * Returns a copy whose body is UTF-8 text, in place of any file or stream body. The header fields
     * stay as they are (add a Content-Type with {@link #withHeader}, or start from {@link
     * #text(int, String)}).
     *
     * @param text the body
     * @return the new response
     */
    public Response withBody(String text) {
        return withBody(utf8(text));
    }

    /**
     * Returns the status code.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Returns the first value of a header field of this response, ignoring the name's case.
     *
     * @param name the field name
     * @return the value, or {@code null}
     */
    public String header(String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return headers[i + 1];
            }
        }
        return null;
    }

    /**
     * Returns the body bytes; empty for file and stream bodies. The array is shared, not a copy: do
     * not change it.
     *
     * @return the body
     */
    public byte[] body() {
        return body;
    }

    /**
     * Returns the file to send as the body.
     *
     * @return the file, or {@code null} if the body is not a file
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the streamed body.
     *
     * @return the stream, or {@code null} if the body is not streamed
     */
    public ChunkedBody stream() {
        return stream;
    }

    /**
     * Returns the body length the encoder declares: the byte or file length, or -1 for a stream.
     *
     * @return the content length, or -1 if unknown
     */
    public long contentLength() {
        if (stream != null) {
            return -1;
        }
        return file != null ? fileLength : body.length;
    }

    int headerCount() {
        return headers.length >> 1;
    }

    String headerName(int index) {
        return headers[2 * index];
    }

    String headerValue(int index) {
        return headers[2 * index + 1];
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        return status;
    }

    @Override
    public String toString() {
        return "Response[" + status + "]";
    }
}
