package dev.weft.net.http;

import dev.weft.net.internal.http.HttpChars;
import dev.weft.net.internal.http.MimeTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP response under construction: status, header fields and one kind of body (bytes, a
 * file, or a {@link ChunkedBody} stream). Built by the handler, turned into bytes by {@link
 * HttpResponseEncoder}, which adds Date, Content-Length or Transfer-Encoding and Connection
 * itself. Mutable and not thread-safe; the builder methods return {@code this}:
 *
 * <pre>{@code
 * Response.json("{\"ok\":true}").header("Cache-Control", "no-store").cookie(Cookie.of("a", "b"))
 * }</pre>
 */
public final class Response {
    private static final byte[] NO_BODY = new byte[0];

    private int status;
    private final List<String> headers = new ArrayList<>(8); // name, value, name, value, ...
    private byte[] body = NO_BODY;
    private Path file;
    private long fileLength;
    private ChunkedBody stream;

    private Response(int status) {
        this.status = checkStatus(status);
    }

    /**
     * Creates a response with this status and an empty body.
     *
     * @param status a status code from 100 to 599
     * @return the response
     * @throws IllegalArgumentException if the status is out of range
     */
    public static Response status(int status) {
        return new Response(status);
    }

    /**
     * Creates a 200 response with a UTF-8 {@code text/plain} body.
     *
     * @param text the body
     * @return the response
     */
    public static Response text(String text) {
        return new Response(200)
                .header("Content-Type", "text/plain; charset=utf-8")
                .body(text);
    }

    /**
     * Creates a 200 response with a UTF-8 {@code text/html} body.
     *
     * @param html the body
     * @return the response
     */
    public static Response html(String html) {
        return new Response(200)
                .header("Content-Type", "text/html; charset=utf-8")
                .body(html);
    }

    /**
     * Creates a 200 response with an {@code application/json} body.
     *
     * @param json the body, already serialised
     * @return the response
     */
    public static Response json(String json) {
        return new Response(200).header("Content-Type", "application/json").body(json);
    }

    /**
     * Creates a 200 response whose body is a file, with its Content-Type chosen by extension
     * ({@link MimeTypes}) and its Content-Length the file's size now. The connection sends the file
     * itself (for example with {@code FileChannel.transferTo}) after the encoded head.
     *
     * @param path a regular, readable file
     * @return the response
     * @throws UncheckedIOException if the file is missing, not regular or not readable
     */
    public static Response file(Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UncheckedIOException(new IOException("not a readable regular file: " + path));
        }
        Response response = new Response(200);
        try {
            response.fileLength = Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.file = path;
        Path name = path.getFileName();
        return response.header("Content-Type", MimeTypes.forFileName(name == null ? "" : name.toString()));
    }

    /**
     * Creates a 200 response whose body is written piece by piece while it is sent, with chunked
     * transfer coding.
     *
     * @param body writes the body
     * @return the response
     */
    public static Response stream(ChunkedBody body) {
        Response response = new Response(200);
        response.stream = java.util.Objects.requireNonNull(body);
        return response;
    }

    /**
     * Creates the response for a rejected request: its status, its reason as a plain-text body,
     * and {@code Connection: close}, since the connection cannot go on after a framing error.
     *
     * @param error what the parser rejected
     * @return the response
     */
    public static Response error(HttpParseException error) {
        return new Response(error.status())
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Connection", "close")
                .body(error.reason());
    }

    /**
     * Changes the status.
     *
     * @param newStatus a status code from 100 to 599
     * @return this response
     */
    public Response withStatus(int newStatus) {
        status = checkStatus(newStatus);
        return this;
    }

    /**
     * Adds a header field; a name may be added more than once. Content-Length and
     * Transfer-Encoding are refused: the encoder derives them from the body, so they can never
     * disagree with it.
     *
     * @param name a token
     * @param value visible characters, spaces and tabs, without leading or trailing whitespace
     * @return this response
     * @throws IllegalArgumentException for an invalid name or value (a CR or LF would let a value
     *     inject headers) or a framing header
     */
    public Response header(String name, String value) {
        if (!HttpChars.isToken(name)) {
            throw new IllegalArgumentException("invalid header name: " + name);
        }
        if (!HttpChars.isFieldValue(value)) {
            throw new IllegalArgumentException("invalid header value for " + name);
        }
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " is set by the encoder from the body");
        }
        headers.add(name);
        headers.add(value);
        return this;
    }

    /**
     * Adds a {@code Set-Cookie} header.
     *
     * @param cookie the cookie
     * @return this response
     */
    public Response cookie(Cookie cookie) {
        return header("Set-Cookie", cookie.toHeaderValue());
    }

    /**
     * Adds a {@code Set-Cookie} header for a session cookie with no attributes.
     *
     * @param name the cookie name
     * @param value the cookie value
     * @return this response
     */
    public Response cookie(String name, String value) {
        return cookie(Cookie.of(name, value));
    }

    /**
     * Sets the body bytes, replacing any file or stream body. The array is not copied.
     *
     * @param bytes the body
     * @return this response
     */
    public Response body(byte[] bytes) {
        body = java.util.Objects.requireNonNull(bytes);
        file = null;
        stream = null;
        return this;
    }

    /**
     * Sets the body to UTF-8 text, replacing any file or stream body.
     *
     * @param text the body
     * @return this response
     */
    public Response body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
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
     * Returns the first value of a header added to this response, ignoring the name's case.
     *
     * @param name the field name
     * @return the value, or {@code null}
     */
    public String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    /**
     * Returns the body bytes; empty for file and stream bodies.
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
        return headers.size() / 2;
    }

    String headerName(int index) {
        return headers.get(2 * index);
    }

    String headerValue(int index) {
        return headers.get(2 * index + 1);
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
