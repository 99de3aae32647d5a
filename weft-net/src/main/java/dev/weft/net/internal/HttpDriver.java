package dev.weft.net.internal;

import dev.weft.coroutine.Co;
import dev.weft.coroutine.KilledException;
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
 *
 * <p>A handler that throws {@link dev.weft.net.http.BadRequestException} (a typed getter of {@link
 * dev.weft.net.http.Parameters} given a bad value) gets its request answered 400 with the
 * exception's message, and the connection goes on.
 *
 * <p>A request always gets an answer: when its handler fails before answering, the connection
 * answers for it with {@code Connection: close} and closes — 500 if the handler threw (logged with
 * its stack trace by {@link CallbackGuard}) or sent what HTTP cannot send (logged with its type);
 * 503 if its coroutine was killed, or if the handler did not answer within
 * {@link NetOptions#responseTimeout()} (the handler's wait is then cancelled, and its later sends
 * return false). A cancel is not a failure: the handler goes on and answers as it chooses.
 *
 * <p>Time limits ({@link dev.weft.net.TimeLimits}): a connection idle before its first request or
 * between requests is closed quietly after {@code keepAlive}; a request head not complete within
 * {@code requestHead} of its first byte, or a body that pauses longer than {@code requestBody},
 * gets {@code 408 Request Timeout} and the connection closes. The {@code keepAliveRequests}-th
 * response of a connection carries {@code Connection: close}.
 */
final class HttpDriver extends Driver {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");
    private static final int FILE_CHUNK = 64 * 1024;

    private final NetOptions options;
    private final HttpRequestParser parser;
    private final HttpResponseEncoder encoder = new HttpResponseEncoder();
    private final ReentrantLock sending = new ReentrantLock();
    private volatile HttpRequest current;
    private volatile boolean responded = true;
    private volatile boolean closeAfterResponse;
    /** The read loop corked the connection for a batch of pipelined requests (read loop only). */
    private boolean corked;

    private volatile boolean retiring;
    private volatile long retireDeadline;
    /** 0 without a response timeout; else the timeout, and {@link #dispatched} is kept. */
    private final long responseTimeoutNanos;
    /** When the current request went to the handler ({@link System#nanoTime()}), with a response timeout. */
    private volatile long dispatched;

    private final long headNanos;
    private final long bodyNanos;
    private final long keepAliveNanos;
    private final int keepAliveRequests;
    /** When the first byte of the request head being parsed arrived ({@link System#nanoTime()}). */
    private long headStart;
    /** Requests dispatched on this connection, for {@code keepAliveRequests}. */
    private int requests;

    private String respondedEvent;

    HttpDriver(NetOptions options, DriverContext ctx) {
        super(ctx);
        this.options = options;
        this.parser = new HttpRequestParser(options.httpLimits());
        this.responseTimeoutNanos = options.responseTimeout().toNanos();
        this.headNanos = options.timeLimits().requestHead().toNanos();
        this.bodyNanos = options.timeLimits().requestBody().toNanos();
        this.keepAliveNanos = options.timeLimits().keepAlive().toNanos();
        this.keepAliveRequests = options.timeLimits().keepAliveRequests();
    }

    @Override
    void onBytes(ByteBuffer in) {
        try {
            decode(in);
        } finally {
            if (corked) {
                corked = false;
                ctx.uncork();
            }
        }
    }

    private void decode(ByteBuffer in) {
        // Pipelined requests stop at pauseRecv() and stay buffered until resumeRecv().
        while (ctx.receiving()) {
            if (headNanos > 0 && in.hasRemaining() && parser.idle()) {
                headStart = System.nanoTime(); // the first byte of a head: its limit counts from here
            }
            HttpRequest request = parser.parse(in);
            if (parser.pollContinue()) {
                ctx.write(HttpResponseEncoder.continueResponse());
            }
            if (request == null) {
                return;
            }
            if (!corked && in.hasRemaining()) {
                // More requests behind this one: their responses leave in one write at the end of the batch.
                corked = true;
                ctx.cork();
            }
            current = request;
            requests++;
            if (responseTimeoutNanos > 0) {
                dispatched = System.nanoTime(); // before responded: the sweeper reads them the other way round
            }
            responded = false;
            if (!handle(request)) {
                return;
            }
            if (closeAfterResponse) {
                ctx.close();
                return;
            }
        }
    }

    /**
     * Runs the handler and waits until the request was answered; false if the handler threw (the
     * connection is closing, after a 500). A kill of this coroutine answers 503 and goes on up.
     */
    private boolean handle(HttpRequest request) {
        try {
            int outcome = ctx.fireRequest(request);
            if (outcome == CallbackGuard.FAILED) {
                answerFailure(500, "Internal Server Error");
                return false;
            }
            if (outcome == CallbackGuard.BAD_REQUEST) {
                answerRejected(ctx.rejection());
            }
            awaitResponse();
            return true;
        } catch (KilledException e) {
            answerFailure(503, "Service Unavailable");
            throw e;
        }
    }

    /** Pipelined requests are answered in order: wait until the handler (or another coroutine) responded. */
    private void awaitResponse() {
        if (responded) {
            return;
        }
        if (corked) {
            // An answer that takes time: the ones gathered before it go now.
            corked = false;
            ctx.uncork();
        }
        if (respondedEvent == null) {
            respondedEvent = "http.respond#" + ctx.connection().id();
        }
        Co.waitFor(respondedEvent, () -> responded || !ctx.established(), null);
    }

    @Override
    boolean directReceiveBuffer() {
        return true;
    }

    @Override
    boolean send(Object message) {
        Response response = toResponse(message);
        if (response == null) {
            boolean answered = answerFailure(500, "Internal Server Error");
            LOG.log(
                    System.Logger.Level.WARNING,
                    ctx.connection() + ": an HTTP connection sends a Response, String or byte[], not "
                            + (message == null
                                    ? "null"
                                    : "a " + message.getClass().getName())
                            + (answered ? "; answered 500" : ""));
            return false;
        }
        boolean ok;
        sending.lock();
        boolean headWritten = false;
        try {
            if (responded) {
                return false;
            }
            HttpRequest request = current;
            ByteBuffer head = encoder.encode(response, request, retiring || lastRequest());
            boolean close = encoder.closeConnection();
            headWritten = true;
            ok = ctx.write(head);
            if (ok && encoder.bodyFollows()) {
                ok = sendBody(response);
            }
            closeAfterResponse = close || !ok;
            responded = true;
        } finally {
            if (headWritten && !responded) {
                // A kill (or an error) cut the body short: the response is broken, so the connection ends.
                closeAfterResponse = true;
                responded = true;
            }
            sending.unlock();
        }
        if (respondedEvent != null) {
            Co.wakeup(respondedEvent);
        }
        return ok;
    }

    /**
     * The handler rejected the request as the client's mistake: answers it (unless the handler did)
     * with the exception's status and message; the connection goes on as the request asked.
     */
    private void answerRejected(RuntimeException e) {
        int status = e instanceof HttpParseException h ? h.status() : 400;
        send(Response.text(status, e.getMessage() + "\n"));
    }

    /**
     * Answers the current request for a handler that could not, unless it was answered already: a
     * plain-text {@code status} with {@code Connection: close}; the connection closes after it.
     * True if this answered.
     */
    private boolean answerFailure(int status, String reason) {
        sending.lock();
        try {
            if (responded) {
                return false;
            }
            Response response = Response.text(status, reason + "\n");
            ctx.write(encoder.encode(response, current, true));
            closeAfterResponse = true;
            responded = true;
        } finally {
            sending.unlock();
        }
        if (respondedEvent != null) {
            Co.wakeup(respondedEvent);
        }
        return true;
    }

    /**
     * The response timeout: a request not answered in time gets a 503, and the handler's wait is
     * cancelled. Checked under the send lock, so neither a send nor the next request can slip in
     * between; a send in progress holds the lock, and the check then waits for the next round.
     */
    @Override
    void checkDeadline(long nowNanos) {
        if (responseTimeoutNanos == 0 || responded || !sending.tryLock()) {
            return;
        }
        boolean answered;
        try {
            answered = !responded
                    && nowNanos - dispatched >= responseTimeoutNanos
                    && answerFailure(503, "Service Unavailable");
        } finally {
            sending.unlock();
        }
        if (answered) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    ctx.connection() + ": no response within " + options.responseTimeout()
                            + "; answered 503 and cancelled the handler's wait");
            ctx.close();
            ctx.cancelReader();
        }
    }

    private boolean sendBody(Response response) {
        try {
            if (response.file() != null) {
                sendFile(response);
            } else {
                encoder.writeStream(response, ctx::writeBlocking);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            ctx.protocolError("response body failed: " + e.getMessage());
            return false;
        }
    }

    private void sendFile(Response response) throws IOException {
        try (FileChannel f = FileChannel.open(response.file(), StandardOpenOption.READ)) {
            if (ctx.zeroCopy()) {
                ctx.transferBlocking(f, 0, response.contentLength()); // sendfile: no copy through the heap
                return;
            }
            long left = response.contentLength(); // TLS: read and encrypt chunk by chunk
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(FILE_CHUNK, Math.max(left, 1)));
            while (left > 0) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                int n = f.read(chunk);
                if (n < 0) {
                    throw new IOException("file shrank while sending: " + response.file());
                }
                left -= n;
                ctx.writeBlocking(chunk.flip());
            }
        }
    }

    /** The response for what the handler sent, or null if HTTP cannot send it. */
    private static Response toResponse(Object message) {
        if (message instanceof Response r) {
            return r;
        }
        if (message instanceof String s) {
            return Response.text(s);
        }
        if (message instanceof byte[] b) {
            return Response.bytes(b);
        }
        return null;
    }

    @Override
    void onProtocolError(ProtocolException e) {
        if (e instanceof HttpParseException h) {
            sending.lock();
            try {
                ctx.write(encoder.encode(Response.error(h), null, true));
                responded = true;
            } finally {
                sending.unlock();
            }
        }
    }

    /** Whether the current request is the last this connection serves ({@code keepAliveRequests}). */
    private boolean lastRequest() {
        return keepAliveRequests > 0 && requests >= keepAliveRequests;
    }

    @Override
    long waitDeadline(long now) {
        if (retiring || !responded) {
            return 0; // a retiring connection has its own grace; an unanswered request is not the client's wait
        }
        if (parser.idle()) {
            return keepAliveNanos > 0 ? now + keepAliveNanos : 0;
        }
        if (parser.readingBody()) {
            return bodyNanos > 0 ? now + bodyNanos : 0;
        }
        return headNanos > 0 ? headStart + headNanos : 0;
    }

    @Override
    boolean onWaitDeadline() {
        NetCounters.countTimeout();
        if (parser.idle()) {
            LOG.log(System.Logger.Level.DEBUG, () -> ctx.connection() + ": keep-alive idle timeout, closing");
        } else {
            String what = parser.readingBody() ? "request body" : "request head";
            LOG.log(System.Logger.Level.DEBUG, () -> ctx.connection() + ": " + what + " timeout, answering 408");
            Response timeout = Response.text(408, "Request Timeout\n");
            sending.lock();
            try {
                ctx.write(encoder.encode(timeout, null, true));
                responded = true;
            } finally {
                sending.unlock();
            }
        }
        ctx.close();
        return true;
    }

    @Override
    Duration readTimeout() {
        return retiring && idle() ? until(retireDeadline) : null;
    }

    @Override
    boolean onReadTimeout() {
        return retiring;
    }

    @Override
    void retire() {
        retireDeadline = System.nanoTime() + options.retireGrace().toNanos();
        retiring = true;
        ctx.interruptRead();
    }

    @Override
    boolean idle() {
        return responded && parser.idle();
    }
}
