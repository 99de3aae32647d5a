package dev.weft.net.internal.http;

import static dev.weft.net.internal.http.ParseErrors.badRequest;

import dev.weft.net.http.HttpHeaders;
import dev.weft.net.http.HttpLimits;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.HttpVersion;
import dev.weft.net.http.InternalAccess;
import dev.weft.net.internal.text.HttpChars;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A strict, incremental HTTP/1.1 request parser (RFC 9112, server side). One parser serves one
 * connection, one request after another; it is not thread-safe.
 *
 * <p>Feed it the connection's receive buffer whenever bytes arrive: {@link #parse(ByteBuffer)}
 * consumes what it can and returns a complete {@link HttpRequest}, or {@code null} when it needs
 * more bytes (everything given so far has then been consumed and remembered). It stops right after
 * a request's last byte, so the bytes of a pipelined next request stay in the buffer for the next
 * call. When the request is invalid it throws {@link HttpParseException} with the status to
 * answer; the connection must then answer and close, and must not call this parser again.
 *
 * <p>What it rejects, because ambiguous framing is how requests get smuggled past proxies: a bare
 * CR or a bare LF as line end, obsolete line folding, whitespace before a header's colon, bytes
 * outside RFC 9110's token or field-value grammar, both Content-Length and Transfer-Encoding,
 * differing or malformed Content-Length values, a Transfer-Encoding whose last coding is not
 * chunked, malformed or overflowing chunk sizes, a Transfer-Encoding in an HTTP/1.0 request, and
 * an HTTP/1.1 request without exactly one valid Host (400). Also limits from {@link HttpLimits}
 * (414, 431, 413), methods and transfer codings it does not implement (501) and HTTP versions
 * other than 1.x (505). A higher HTTP/1 minor version is served as HTTP/1.1 (RFC 9110 section
 * 2.5).
 *
 * <p>{@code Expect: 100-continue}: once the headers of such a request are in but its body is not,
 * {@link #pollContinue()} returns true once, telling the connection to write {@code HTTP/1.1 100
 * Continue} so the client sends the body.
 */
public final class HttpRequestParser {
    private static final InternalAccess HTTP = InternalAccess.INSTANCE;
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_LEADING_EMPTY_LINES = 8;
    private static final byte[] EMPTY = new byte[0];

    /**
     * Where the parser is within the current request. Line states collect one CRLF-terminated line
     * in {@link #line}; body states copy payload bytes straight into {@link #body}.
     */
    private enum State {
        REQUEST_LINE,
        HEADERS,
        FIXED_BODY,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_DATA_END,
        TRAILERS,
        FAILED
    }

    private final HttpLimits limits;
    private State state = State.REQUEST_LINE;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lineSawCr;
    private boolean lineDone;
    private int leadingEmptyLines;
    private int sectionBytes;

    private String method;
    private String target;
    private HttpVersion version;
    private HttpHeaders headers;
    private HttpHeaders trailers;
    private boolean expectContinue;
    private boolean continuePolled;

    private byte[] body = EMPTY;
    private int bodyLength;
    private long remaining;

    /** Creates a parser with {@link HttpLimits#DEFAULT}. */
    public HttpRequestParser() {
        this(HttpLimits.DEFAULT);
    }

    /**
     * Creates a parser.
     *
     * @param limits the size limits to enforce
     */
    public HttpRequestParser(HttpLimits limits) {
        this.limits = limits;
    }

    /**
     * Consumes bytes from {@code in} (from its position to its limit) and returns the request they
     * complete.
     *
     * @param in the received bytes; its position advances past what was consumed
     * @return the complete request, with {@code in}'s position just after its last byte; or {@code
     *     null} when more bytes are needed, with {@code in} fully consumed
     * @throws HttpParseException if the request is invalid; the parser is then unusable
     * @throws IllegalStateException if called after an {@link HttpParseException}
     */
    public HttpRequest parse(ByteBuffer in) {
        if (state == State.FAILED) {
            throw new IllegalStateException("the parser rejected a request; close the connection");
        }
        try {
            return advance(in);
        } catch (HttpParseException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * Tells whether the connection should write {@code HTTP/1.1 100 Continue} now: true once per
     * request, when its headers are complete, it carries {@code Expect: 100-continue} (HTTP/1.1
     * only) and its body has not fully arrived.
     *
     * @return true exactly once for such a request, false otherwise
     */
    public boolean pollContinue() {
        if (expectContinue && !continuePolled && inBody()) {
            continuePolled = true;
            return true;
        }
        return false;
    }

    /**
     * Tells whether the parser is between requests: no byte of a next request has been consumed.
     * A connection may close an idle keep-alive connection only in this state.
     *
     * @return true if no request is partially parsed
     */
    public boolean idle() {
        return state == State.REQUEST_LINE && (lineDone || lineLength == 0) && !lineSawCr && leadingEmptyLines == 0;
    }

    /**
     * Tells whether the parser has the request head and waits for body bytes (a fixed-length or a
     * chunked body, or its trailers).
     *
     * @return true while a body is being read
     */
    public boolean readingBody() {
        return inBody();
    }

    private boolean inBody() {
        return switch (state) {
            case FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS -> true;
            default -> false;
        };
    }

    private HttpRequest advance(ByteBuffer in) {
        while (true) {
            switch (state) {
                case REQUEST_LINE -> {
                    if (!readLine(in, limits.maxRequestLineLength(), 414)) {
                        return null;
                    }
                    if (lineLength == 0) {
                        // RFC 9112 section 2.2: ignore empty lines before a request line, a few at most.
                        if (++leadingEmptyLines > MAX_LEADING_EMPTY_LINES) {
                            throw badRequest("too many empty lines before the request line");
                        }
                    } else {
                        RequestLine requestLine = RequestLine.parse(line, lineLength);
                        method = requestLine.method();
                        target = requestLine.target();
                        version = requestLine.version();
                        headers = HTTP.newHeaders(8);
                        sectionBytes = 0;
                        state = State.HEADERS;
                    }
                }
                case HEADERS -> {
                    if (!readFieldLine(in)) {
                        return null;
                    }
                    if (lineLength > 0) {
                        parseField(headers);
                    } else {
                        HttpRequest request = startBody();
                        if (request != null) {
                            return request;
                        }
                    }
                }
                case FIXED_BODY -> {
                    copyBody(in);
                    if (remaining > 0) {
                        return null;
                    }
                    return complete();
                }
                case CHUNK_SIZE -> {
                    if (!readLine(in, MAX_CHUNK_LINE, 400)) {
                        return null;
                    }
                    parseChunkSize();
                }
                case CHUNK_DATA -> {
                    copyBody(in);
                    if (remaining > 0) {
                        return null;
                    }
                    state = State.CHUNK_DATA_END;
                }
                case CHUNK_DATA_END -> {
                    // Chunk data must be followed by CRLF and nothing else: a max line length of 0.
                    if (!readLine(in, 0, 400)) {
                        return null;
                    }
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    if (!readFieldLine(in)) {
                        return null;
                    }
                    if (lineLength > 0) {
                        if (trailers == null) {
                            trailers = HTTP.newHeaders(4);
                        }
                        parseField(trailers);
                    } else {
                        return complete();
                    }
                }
                case FAILED -> throw new IllegalStateException("unreachable");
            }
        }
    }

    /**
     * Collects bytes into {@link #line} up to a CRLF, which is consumed but not stored. Returns
     * false when the buffer ran out first; the partial line is kept for the next call. A CR must
     * be followed by LF, and LF must follow a CR; a line longer than {@code maxLength} fails as
     * soon as its bytes arrive.
     */
    private boolean readLine(ByteBuffer in, int maxLength, int tooLongStatus) {
        if (lineDone) {
            lineLength = 0;
            lineDone = false;
        }
        int pos = in.position();
        int limit = in.limit();
        if (!lineSawCr) {
            int end = indexOfLineBreak(in, pos, limit);
            int n = end - pos;
            if (n > maxLength - lineLength) {
                throw tooLong(tooLongStatus);
            }
            if (lineLength + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
            }
            in.get(pos, line, lineLength, n);
            lineLength += n;
            if (end == limit) {
                in.position(limit);
                return false;
            }
            if (in.get(end) == '\n') {
                throw badRequest("bare LF line ending; CRLF is required");
            }
            lineSawCr = true;
            pos = end + 1;
        }
        if (pos == limit) {
            in.position(limit);
            return false;
        }
        if (in.get(pos) != '\n') {
            throw badRequest("bare CR in the request");
        }
        in.position(pos + 1);
        lineSawCr = false;
        lineDone = true;
        return true;
    }

    /** Returns the index of the first CR or LF in {@code in[from, limit)}, or {@code limit}. */
    private static int indexOfLineBreak(ByteBuffer in, int from, int limit) {
        if (in.hasArray()) {
            // Scan the backing array directly: this loop is the parser's hottest.
            byte[] array = in.array();
            int offset = in.arrayOffset();
            int end = limit + offset;
            for (int i = from + offset; i < end; i++) {
                byte b = array[i];
                if (b == '\r' || b == '\n') {
                    return i - offset;
                }
            }
            return limit;
        }
        for (int i = from; i < limit; i++) {
            byte b = in.get(i);
            if (b == '\r' || b == '\n') {
                return i;
            }
        }
        return limit;
    }

    /** Reads a header or trailer line; the section's size limit counts every line's CRLF too. */
    private boolean readFieldLine(ByteBuffer in) {
        if (!readLine(in, limits.maxHeaderSize() - sectionBytes - 2, 431)) {
            return false;
        }
        sectionBytes += lineLength + 2;
        if (sectionBytes > limits.maxHeaderSize()) {
            throw tooLong(431);
        }
        return true;
    }

    private static HttpParseException tooLong(int status) {
        return switch (status) {
            case 414 -> new HttpParseException(414, "request line too long");
            case 431 -> new HttpParseException(431, "header section too large");
            default -> badRequest("chunk framing line too long or malformed");
        };
    }

    /** Parses {@code name: value} from {@link #line} into {@code fields}. */
    private void parseField(HttpHeaders fields) {
        if (HttpChars.isWhitespace(line[0])) {
            throw badRequest("obsolete line folding or whitespace before a field");
        }
        int colon = 0;
        while (colon < lineLength && HttpChars.isTokenChar(line[colon])) {
            colon++;
        }
        if (colon == lineLength) {
            throw badRequest("header field without a colon");
        }
        if (colon == 0 || line[colon] != ':') {
            throw badRequest("invalid character in a header name, or whitespace before the colon");
        }
        int start = colon + 1;
        int end = lineLength;
        while (start < end && HttpChars.isWhitespace(line[start])) {
            start++;
        }
        while (end > start && HttpChars.isWhitespace(line[end - 1])) {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!HttpChars.isFieldChar(line[i])) {
                throw badRequest("invalid character in a header value");
            }
        }
        if (fields.size() >= limits.maxHeaderCount()) {
            throw new HttpParseException(431, "too many header fields");
        }
        HTTP.addRawHeader(fields, HeaderNames.intern(line, colon), line, start, end - start);
    }

    /** Starts reading the body once the header section is complete. */
    private HttpRequest startBody() {
        long length = BodyFraming.bodyLength(headers, version);
        expectContinue = version == HttpVersion.HTTP_1_1 && headers.containsToken("Expect", "100-continue");
        continuePolled = false;
        bodyLength = 0;
        if (length == BodyFraming.CHUNKED) {
            body = new byte[1024];
            sectionBytes = 0;
            state = State.CHUNK_SIZE;
            return null;
        }
        if (length == 0) {
            body = EMPTY;
            return complete();
        }
        if (length > limits.maxBodySize()) {
            throw new HttpParseException(413, "body larger than " + limits.maxBodySize() + " bytes");
        }
        // Grow towards the declared length as bytes arrive: a client that declares 10 MiB and
        // sends nothing must not cost 10 MiB.
        body = new byte[(int) Math.min(length, 16 * 1024)];
        remaining = length;
        state = State.FIXED_BODY;
        return null;
    }

    /** chunk-size [ chunk-ext ]: hex digits, then optionally BWS ";" and ignored extensions. */
    private void parseChunkSize() {
        int i = 0;
        long size = 0;
        while (i < lineLength) {
            int digit = HttpChars.hexValue(line[i]);
            if (digit < 0) {
                break;
            }
            if (size > (Long.MAX_VALUE >> 4)) {
                throw badRequest("chunk size overflows");
            }
            size = (size << 4) | digit;
            i++;
        }
        if (i == 0) {
            throw badRequest("missing or non-hex chunk size");
        }
        int ext = i;
        while (ext < lineLength && HttpChars.isWhitespace(line[ext])) {
            ext++;
        }
        if (ext < lineLength && line[ext] != ';') {
            throw badRequest("invalid character after the chunk size");
        }
        for (int j = ext; j < lineLength; j++) {
            if (!HttpChars.isFieldChar(line[j])) {
                throw badRequest("invalid character in a chunk extension");
            }
        }
        if (size == 0) {
            state = State.TRAILERS;
            return;
        }
        if (size > limits.maxBodySize() - bodyLength) {
            throw new HttpParseException(413, "body larger than " + limits.maxBodySize() + " bytes");
        }
        remaining = size;
        state = State.CHUNK_DATA;
    }

    private void copyBody(ByteBuffer in) {
        int n = (int) Math.min(remaining, in.remaining());
        if (bodyLength + n > body.length) {
            long wanted = Math.max((long) body.length * 2, (long) bodyLength + n);
            long cap = state == State.FIXED_BODY ? bodyLength + remaining : limits.maxBodySize();
            body = Arrays.copyOf(body, (int) Math.min(wanted, cap));
        }
        in.get(body, bodyLength, n);
        bodyLength += n;
        remaining -= n;
    }

    private HttpRequest complete() {
        byte[] content = bodyLength == 0 ? EMPTY : bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
        HttpRequest request = HTTP.newRequest(
                method, target, version, headers, content, trailers == null ? HttpHeaders.EMPTY : trailers, limits);
        method = null;
        target = null;
        headers = null;
        trailers = null;
        body = EMPTY;
        bodyLength = 0;
        leadingEmptyLines = 0;
        expectContinue = false;
        state = State.REQUEST_LINE;
        return request;
    }

    static int indexOf(byte[] bytes, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
