package dev.weft.net.internal;

import dev.weft.net.MessageHandler;
import dev.weft.net.NetOptions;
import dev.weft.net.WebSocketConnectHandler;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.internal.http.HttpRequestParser;
import dev.weft.net.internal.http.HttpResponseEncoder;
import dev.weft.net.internal.websocket.DeflateParams;
import dev.weft.net.internal.websocket.FrameEncoder;
import dev.weft.net.internal.websocket.MessageDeflater;
import dev.weft.net.internal.websocket.Opcode;
import dev.weft.net.internal.websocket.WebSocketEvent;
import dev.weft.net.internal.websocket.WebSocketHandshake;
import dev.weft.net.internal.websocket.WebSocketSession;
import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * WebSocket (RFC 6455) on one connection: the HTTP upgrade handshake (onWebSocketConnect may
 * reject it), then messages to onMessage ({@code String} for text, {@code byte[]} for binary,
 * unless onBinary takes binary ones), pings answered with pongs, and the closing handshake.
 * Protocol errors close with 1002, 1007 or 1009; a message type the handler does not take (a
 * {@code String} handler given binary) with 1003. Closing from the server side ({@code close()}, a kill, a retiring worker with 1001) sends a
 * close frame and waits up to {@link NetOptions#closeFrameWait()} for the client's.
 *
 * <p>Time limits ({@link dev.weft.net.TimeLimits}): before the handshake, as HTTP (keep-alive idle,
 * then a 408 for a head that does not arrive in time). Once open, after {@code webSocketPing}
 * without a byte from the client a ping goes out; if nothing comes back within
 * {@code webSocketPong}, the connection is dropped without a closing handshake (the peer is gone).
 *
 * <p>permessage-deflate ({@link NetOptions#perMessageDeflate()}): when the handshake negotiates it,
 * received messages are inflated by the session and sent ones compressed by a {@link
 * MessageDeflater}; both free their zlib memory when the connection ends ({@link #released()}).
 */
final class WebSocketDriver extends Driver {
    private final NetOptions options;
    private final HttpRequestParser handshakeParser;
    private final HttpResponseEncoder encoder = new HttpResponseEncoder();
    private final WebSocketSession session;
    /** Compresses sent messages; null unless permessage-deflate was negotiated. Set before {@link #open}. */
    private MessageDeflater deflater;

    private volatile boolean open;
    private volatile boolean closeSent;
    private volatile boolean handling;
    private volatile long closeDeadline;
    private final long headNanos;
    private final long keepAliveNanos;
    private final long pingNanos;
    private final long pongNanos;
    /** When the first byte of the handshake request arrived ({@link System#nanoTime()}). */
    private long headStart;
    /** Whether a ping went out and nothing came back since; only the reader touches it. */
    private boolean pinged;

    private long pingedAt;

    WebSocketDriver(NetOptions options, DriverContext ctx) {
        super(ctx);
        this.options = options;
        this.headNanos = options.timeLimits().requestHead().toNanos();
        this.keepAliveNanos = options.timeLimits().keepAlive().toNanos();
        this.pingNanos = options.timeLimits().webSocketPing().toNanos();
        this.pongNanos = options.timeLimits().webSocketPong().toNanos();
        this.handshakeParser = new HttpRequestParser(options.httpLimits());
        this.session =
                new WebSocketSession(Math.min(options.maxPackageSize(), Integer.MAX_VALUE), options.maxPackageSize());
    }

    @Override
    void onBytes(ByteBuffer in) {
        pinged = false; // any traffic shows the peer is alive
        if (!open && headNanos > 0 && in.hasRemaining() && handshakeParser.idle()) {
            headStart = System.nanoTime();
        }
        if (!open && !handshake(in)) {
            return;
        }
        // Frames after pauseRecv() stay buffered until resumeRecv().
        while (!session.closeReceived() && !ctx.paused()) {
            WebSocketEvent event = session.next(in);
            if (event == null || !handle(event)) {
                return;
            }
        }
    }

    private boolean handshake(ByteBuffer in) {
        HttpRequest request = handshakeParser.parse(in);
        if (request == null) {
            return false;
        }
        WebSocketHandshake hs =
                WebSocketHandshake.negotiate(request, options.subprotocols(), options.perMessageDeflate());
        if (!hs.accepted()) {
            reply(hs.response(), request, true);
            ctx.close();
            return false;
        }
        if (!accepted(request)) {
            reply(Response.status(403).withBody("WebSocket connection rejected"), request, true);
            ctx.close();
            return false;
        }
        DeflateParams deflate = hs.deflate();
        if (deflate != null) {
            session.inflate(deflate);
            deflater = new MessageDeflater(deflate);
        }
        reply(hs.response(), request, false);
        open = true;
        return true;
    }

    private boolean accepted(HttpRequest request) {
        WebSocketConnectHandler h = ctx.onWebSocketConnect();
        if (h == null) {
            return true;
        }
        try {
            return h.accept(ctx.connection(), request);
        } catch (Exception e) {
            ctx.protocolError("onWebSocketConnect failed: " + e);
            return false;
        }
    }

    private void reply(Response response, HttpRequest request, boolean close) {
        synchronized (encoder) {
            ctx.write(encoder.encode(response, request, close));
        }
    }

    /** One event; false ends the connection's reading. */
    private boolean handle(WebSocketEvent event) {
        switch (event) {
            case WebSocketEvent.Text t -> {
                return dispatch(ctx.onMessage(), t.text());
            }
            case WebSocketEvent.Binary b -> {
                MessageHandler<byte[]> h = ctx.onBinary();
                return dispatch(h != null ? binary(h) : ctx.onMessage(), b.data());
            }
            case WebSocketEvent.Ping p -> ctx.write(p.reply());
            case WebSocketEvent.Pong p -> {
                // Unsolicited pongs are heartbeats: nothing to answer.
            }
            case WebSocketEvent.Close close -> {
                if (!closeSent) {
                    closeSent = true;
                    ctx.write(close.reply());
                }
                ctx.close();
                return false;
            }
        }
        return true;
    }

    private boolean dispatch(MessageHandler<Object> h, Object message) {
        if (closeSent) {
            return true;
        }
        int outcome;
        handling = true;
        try {
            outcome = ctx.fireTyped(h, message);
        } finally {
            handling = false;
        }
        if (outcome == CallbackGuard.REFUSED) {
            unsupported(message);
        }
        return outcome == CallbackGuard.DELIVERED;
    }

    /** RFC 6455's answer to a message type the handler does not take: close with 1003. */
    private void unsupported(Object message) {
        boolean text = message instanceof String;
        String kind = text ? "text" : "binary";
        ctx.protocolError("a " + kind + " message, but the handler does not take "
                + (text ? "String" : "byte[] (set onBinary)") + ": 1003 unsupported data");
        sendClose(CloseCodes.UNSUPPORTED_DATA, kind + " messages are not supported");
        ctx.close();
    }

    @SuppressWarnings("unchecked")
    private static MessageHandler<Object> binary(MessageHandler<byte[]> h) {
        return (MessageHandler<Object>) (MessageHandler<?>) h;
    }

    @Override
    boolean directReceiveBuffer() {
        return true;
    }

    @Override
    boolean send(Object message) {
        if (!open || closeSent) {
            return false;
        }
        return switch (message) {
            case String s -> sendData(Opcode.TEXT, s.getBytes(StandardCharsets.UTF_8));
            case byte[] b -> sendData(Opcode.BINARY, b);
            case ByteBuffer b -> {
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                yield sendData(Opcode.BINARY, copy);
            }
            default ->
                throw new IllegalArgumentException("a WebSocket connection sends a String or byte[], not " + message);
        };
    }

    private boolean sendData(Opcode opcode, byte[] payload) {
        MessageDeflater d = deflater;
        return d == null ? ctx.write(FrameEncoder.frame(opcode, true, payload)) : d.send(opcode, payload, ctx::write);
    }

    @Override
    void released() {
        session.release();
        MessageDeflater d = deflater;
        if (d != null) {
            d.release();
        }
    }

    @Override
    void onProtocolError(ProtocolException e) {
        if (!open) {
            if (e instanceof HttpParseException h) {
                reply(Response.error(h), null, true);
            }
        } else if (!closeSent) {
            closeSent = true;
            ctx.write(WebSocketSession.closeFrameFor(e));
        }
    }

    @Override
    void closing() {
        sendClose(CloseCodes.NORMAL, "");
    }

    @Override
    void retire() {
        if (!open) {
            ctx.close();
            return;
        }
        sendClose(CloseCodes.GOING_AWAY, "going away");
        ctx.interruptRead();
    }

    private void sendClose(int code, String reason) {
        if (open && !closeSent) {
            closeSent = true;
            closeDeadline = System.nanoTime() + options.closeFrameWait().toNanos();
            ctx.write(FrameEncoder.close(code, reason));
        }
    }

    @Override
    long waitDeadline(long now) {
        if (closeSent) {
            return 0; // the closing handshake has its own wait
        }
        if (!open) {
            if (handshakeParser.idle()) {
                return keepAliveNanos > 0 ? now + keepAliveNanos : 0;
            }
            return headNanos > 0 ? headStart + headNanos : 0;
        }
        if (pingNanos == 0) {
            return 0;
        }
        return pinged && pongNanos > 0 ? pingedAt + pongNanos : now + pingNanos;
    }

    @Override
    boolean onWaitDeadline() {
        if (!open) {
            NetCounters.countTimeout();
            if (!handshakeParser.idle()) {
                reply(Response.status(408).withBody("Request Timeout\n"), null, true);
            }
            ctx.close();
            return true;
        }
        if (pinged && pongNanos > 0) {
            NetCounters.countTimeout();
            // The peer is gone: drop the connection without waiting for a close frame it cannot send.
            closeDeadline = System.nanoTime();
            closeSent = true;
            ctx.close();
            return true;
        }
        pinged = true;
        pingedAt = System.nanoTime();
        ctx.write(FrameEncoder.ping(new byte[0]));
        return false;
    }

    @Override
    boolean readsWhileClosing() {
        return closeSent && !session.closeReceived() && System.nanoTime() - closeDeadline < 0;
    }

    @Override
    Duration readTimeout() {
        return closeSent ? until(closeDeadline) : null;
    }

    @Override
    boolean onReadTimeout() {
        return closeSent;
    }

    @Override
    boolean idle() {
        return !handling;
    }
}
