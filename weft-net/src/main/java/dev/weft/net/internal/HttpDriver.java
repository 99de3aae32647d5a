package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.net.ConnectionStatus;
import dev.weft.net.NetOptions;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.internal.http.HttpRequestParser;
import dev.weft.net.internal.http.HttpResponseEncoder;
import dev.weft.net.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * HTTP/1.1 on one connection: requests are parsed by the strict {@link HttpRequestParser} and
 * handled one at a time in order (pipelined requests wait their turn), so responses go out in
 * request order. Keep-alive follows the request ({@code Connection: close}, HTTP/1.0); a parse
 * error is answered with its status and {@code Connection: close}. A retiring worker answers the
 * next request with {@code Connection: close}, or closes the connection if it stays idle for
 * {@link NetOptions#retireGrace()}.
 */
final class HttpDriver extends Driver {
    private static final int FILE_CHUNK = 64 * 1024;

    private final NetOptions options;
    private final HttpRequestParser parser;
    private final HttpResponseEncoder encoder = new HttpResponseEncoder();
    private final ReentrantLock sending = new ReentrantLock();
    private volatile HttpRequest current;
    private volatile boolean responded = true;
    private volatile boolean closeAfterResponse;
    private volatile boolean retiring;
    private volatile long retireDeadline;
    private String respondedEvent;

    HttpDriver(NetOptions options) {
        this.options = options;
        this.parser = new HttpRequestParser(options.httpLimits());
    }

    @Override
    void onBytes(TcpConnection c, ByteBuffer in) {
        // Pipelined requests stop at pauseRecv() and stay buffered until resumeRecv().
        while (c.status() == ConnectionStatus.ESTABLISHED && !c.isPaused()) {
            HttpRequest request = parser.parse(in);
            if (parser.pollContinue()) {
                c.sendBytes(HttpResponseEncoder.continueResponse());
            }
            if (request == null) {
                return;
            }
            current = request;
            responded = false;
            if (!c.dispatch(request)) {
                return;
            }
            awaitResponse(c);
            if (closeAfterResponse) {
                c.close();
                return;
            }
        }
    }

    /** Pipelined requests are answered in order: wait until the handler (or another coroutine) responded. */
    private void awaitResponse(TcpConnection c) {
        if (responded) {
            return;
        }
        if (respondedEvent == null) {
            respondedEvent = "http.respond#" + c.id();
        }
        Co.waitFor(respondedEvent, () -> responded || c.status() != ConnectionStatus.ESTABLISHED, null);
    }

    @Override
    boolean send(TcpConnection c, Object message) {
        Response response = toResponse(message);
        boolean ok;
        sending.lock();
        try {
            if (responded) {
                return false;
            }
            HttpRequest request = current;
            ByteBuffer head = encoder.encode(response, request, retiring);
            boolean close = encoder.closeConnection();
            ok = c.sendBytes(head);
            if (ok && encoder.bodyFollows()) {
                ok = sendBody(c, response);
            }
            closeAfterResponse = close || !ok;
            responded = true;
        } finally {
            sending.unlock();
        }
        if (respondedEvent != null) {
            Co.wakeup(respondedEvent);
        }
        return ok;
    }

    private boolean sendBody(TcpConnection c, Response response) {
        try {
            if (response.file() != null) {
                sendFile(c, response);
            } else {
                encoder.writeStream(response, c::writeBlocking);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            c.protocolError("response body failed: " + e.getMessage());
            return false;
        }
    }

    private static void sendFile(TcpConnection c, Response response) throws IOException {
        try (FileChannel f = FileChannel.open(response.file(), StandardOpenOption.READ)) {
            long left = response.contentLength();
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(FILE_CHUNK, Math.max(left, 1)));
            while (left > 0) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                int n = f.read(chunk);
                if (n < 0) {
                    throw new IOException("file shrank while sending: " + response.file());
                }
                left -= n;
                c.writeBlocking(chunk.flip());
            }
        }
    }

    private static Response toResponse(Object message) {
        if (message instanceof Response r) {
            return r;
        }
        if (message instanceof String s) {
            return Response.text(s);
        }
        if (message instanceof byte[] b) {
            return Response.status(200)
                    .header("Content-Type", "application/octet-stream")
                    .body(b);
        }
        throw new IllegalArgumentException("an HTTP connection sends a Response, String or byte[], not " + message);
    }

    @Override
    void onProtocolError(TcpConnection c, ProtocolException e) {
        if (e instanceof HttpParseException h) {
            sending.lock();
            try {
                c.sendBytes(encoder.encode(Response.error(h), null, true));
                responded = true;
            } finally {
                sending.unlock();
            }
        }
    }

    @Override
    Duration readTimeout() {
        return retiring && idle() ? until(retireDeadline) : null;
    }

    @Override
    boolean onReadTimeout(TcpConnection c) {
        return retiring;
    }

    @Override
    void retire(TcpConnection c) {
        retireDeadline = System.nanoTime() + options.retireGrace().toNanos();
        retiring = true;
        c.interruptRead();
    }

    @Override
    boolean idle() {
        return responded && parser.idle();
    }
}
