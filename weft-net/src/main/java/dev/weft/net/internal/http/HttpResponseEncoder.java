package dev.weft.net.internal.http;

import dev.weft.net.http.ByteSink;
import dev.weft.net.http.ChunkedWriter;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.HttpVersion;
import dev.weft.net.http.InternalAccess;
import dev.weft.net.http.Response;
import dev.weft.net.internal.text.HttpChars;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * Turns a {@link Response} into the bytes of an HTTP/1.1 response. One encoder per connection;
 * not thread-safe.
 *
 * <p>{@link #encode(Response, HttpRequest)} writes the status line (precomputed per status), a
 * Date header (formatted once per second and shared), the response's own headers, the framing
 * header (Content-Length, or Transfer-Encoding: chunked for a stream) and Connection when needed,
 * then the body when it is bytes. It does so into a buffer the encoder reuses, so a typical
 * response allocates nothing; the returned buffer is only valid until the next call.
 *
 * <p>The encoder follows RFC 9110 and 9112: no body for HEAD (but the same headers as GET),
 * none and no framing headers for 1xx, 204 and 304; {@code Connection: close} when the connection
 * will close (the client did not ask to keep it, or the body of a stream to an HTTP/1.0 client
 * ends at close); {@code Connection: keep-alive} for an HTTP/1.0 client that asked for it. After
 * encoding, {@link #closeConnection()} and {@link #bodyFollows()} tell the connection what to do
 * next.
 */
public final class HttpResponseEncoder {
    private static final InternalAccess HTTP = InternalAccess.INSTANCE;
    private static final HttpDate SYSTEM_DATE = new HttpDate(InstantSource.system());
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONTENT_LENGTH = bytes("Content-Length: ");
    private static final byte[] CHUNKED = bytes("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = bytes("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = bytes("Connection: keep-alive\r\n");
    /** Bodies above this get a buffer of their own, so a big one does not pin a big scratch. */
    private static final int SCRATCH_BODY_LIMIT = 64 * 1024;

    /** The scratch's first size; it is made at the first response, so a connection that never gets one has none. */
    private static final int SCRATCH_SIZE = 2048;

    private static final byte[] NO_SCRATCH = new byte[0];

    private final HttpDate date;
    private byte[] scratch = NO_SCRATCH;
    private ByteBuffer scratchView = ByteBuffer.wrap(scratch);
    private int length;
    private boolean closeConnection;
    private boolean bodyFollows;
    private boolean chunked;

    /** Creates an encoder that dates responses by the system clock. */
    public HttpResponseEncoder() {
        this.date = SYSTEM_DATE;
    }

    /**
     * Creates an encoder that dates responses by the given clock.
     *
     * @param clock the source of the Date header
     */
    public HttpResponseEncoder(InstantSource clock) {
        this.date = new HttpDate(clock);
    }

    /**
     * Returns the bytes of {@code HTTP/1.1 100 Continue}, to write when {@link
     * HttpRequestParser#pollContinue()} says so.
     *
     * @return a new read-only buffer over shared bytes
     */
    public static ByteBuffer continueResponse() {
        return ByteBuffer.wrap(CONTINUE).asReadOnlyBuffer();
    }

    /**
     * Encodes a response to a request.
     *
     * @param response the response
     * @param request the request it answers, or {@code null} when there is none (such as when the
     *     request could not be parsed), which is answered as to a non-HEAD HTTP/1.1 request and
     *     closes the connection
     * @return the status line, headers and any byte body; valid until the next call
     */
    public ByteBuffer encode(Response response, HttpRequest request) {
        return encode(response, request, false);
    }

    /**
     * Encodes a response to a request, closing the connection after it when {@code close} is true
     * even if the request asked for keep-alive (a retiring worker answers its last request so).
     *
     * @param response the response
     * @param request the request it answers, or {@code null}; see {@link #encode(Response,
     *     HttpRequest)}
     * @param close whether to end the connection after this response
     * @return the status line, headers and any byte body; valid until the next call
     */
    public ByteBuffer encode(Response response, HttpRequest request, boolean close) {
        int status = response.status();
        boolean head = request != null && request.isHead();
        boolean http10 = request != null && request.version() == HttpVersion.HTTP_1_0;
        boolean bodyless = status < 200 || status == 204 || status == 304;
        boolean streamed = response.stream() != null && !bodyless;
        boolean asksClose = false;
        boolean hasConnection = false;
        boolean hasDate = false;
        for (int i = 0; i < HTTP.headerCount(response); i++) {
            String name = HTTP.headerName(response, i);
            if (name.equalsIgnoreCase("Connection")) {
                hasConnection = true;
                asksClose |= HttpChars.listContains(HTTP.headerValue(response, i), "close");
            } else if (name.equalsIgnoreCase("Date")) {
                hasDate = true;
            }
        }
        chunked = streamed && !http10;
        closeConnection =
                close || request == null || !request.keepAlive() || asksClose || (streamed && http10 && !head);
        bodyFollows = !head && !bodyless && (streamed || response.file() != null);

        length = 0;
        append(StatusLines.line(status));
        if (!hasDate) {
            append(date.headerLine());
        }
        for (int i = 0; i < HTTP.headerCount(response); i++) {
            appendHeader(HTTP.headerName(response, i), HTTP.headerValue(response, i));
        }
        if (chunked) {
            append(CHUNKED);
        } else if (!bodyless && !streamed) {
            append(CONTENT_LENGTH);
            appendDecimal(response.contentLength());
            append(CRLF);
        }
        if (closeConnection && !asksClose) {
            append(CLOSE);
        } else if (!closeConnection && http10 && !hasConnection) {
            append(KEEP_ALIVE);
        }
        append(CRLF);
        byte[] body = response.body();
        if (head || bodyless || body.length == 0) {
            return view();
        }
        if (body.length > SCRATCH_BODY_LIMIT) {
            byte[] whole = Arrays.copyOf(scratch, length + body.length);
            System.arraycopy(body, 0, whole, length, body.length);
            return ByteBuffer.wrap(whole);
        }
        append(body);
        return view();
    }

    /**
     * Tells whether the connection must close after sending the last encoded response.
     *
     * @return true to close, false to read the next request
     */
    public boolean closeConnection() {
        return closeConnection;
    }

    /**
     * Tells whether the last encoded response has a body the connection must still send after the
     * returned bytes: the file of {@link Response#file()} ({@link Response#contentLength()} bytes),
     * or the stream of {@link Response#stream()} through {@link #writeStream}. False for byte
     * bodies (already encoded), HEAD requests and statuses without a body.
     *
     * @return true if a file or stream body follows
     */
    public boolean bodyFollows() {
        return bodyFollows;
    }

    /**
     * Runs the last encoded response's stream body, framing each piece the handler writes
     * (chunked, or raw for HTTP/1.0), and terminates it. Does nothing if no stream body follows.
     *
     * @param response the response just encoded
     * @param sink where the body bytes go
     * @throws IOException if the sink fails or the handler's body does
     */
    public void writeStream(Response response, ByteSink sink) throws IOException {
        if (!bodyFollows || response.stream() == null) {
            return;
        }
        ChunkedWriter writer = new ChunkedWriter(sink, chunked);
        response.stream().writeTo(writer);
        writer.finish();
    }

    /** One header line: pre-encoded when it (or its name) is a common one, else char by char. */
    private void appendHeader(String name, String value) {
        byte[] line = HeaderLines.line(name, value);
        if (line != null) {
            append(line);
            return;
        }
        byte[] encodedName = HeaderLines.name(name);
        if (encodedName != null) {
            append(encodedName);
        } else {
            appendAscii(name);
            ensure(2);
            scratch[length++] = ':';
            scratch[length++] = ' ';
        }
        appendAscii(value);
        append(CRLF);
    }

    private ByteBuffer view() {
        if (scratchView.array() != scratch) {
            scratchView = ByteBuffer.wrap(scratch);
        }
        return scratchView.clear().limit(length);
    }

    private void ensure(int more) {
        if (length + more > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(Math.max(SCRATCH_SIZE, scratch.length * 2), length + more));
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, scratch, length, bytes.length);
        length += bytes.length;
    }

    /** Header names and values were validated to be Latin-1 when added, so chars are bytes. */
    private void appendAscii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            scratch[length++] = (byte) text.charAt(i);
        }
    }

    private void appendDecimal(long value) {
        ensure(20);
        if (value == 0) {
            scratch[length++] = '0';
            return;
        }
        int start = length;
        while (value > 0) {
            scratch[length++] = (byte) ('0' + value % 10);
            value /= 10;
        }
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte swap = scratch[i];
            scratch[i] = scratch[j];
            scratch[j] = swap;
        }
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
