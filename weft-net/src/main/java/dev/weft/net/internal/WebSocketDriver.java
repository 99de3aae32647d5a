package dev.weft.net.internal;

import dev.weft.net.NetOptions;
import dev.weft.net.WebSocketConnectHandler;
import dev.weft.net.http.HttpParseException;
import dev.weft.net.http.HttpRequest;
import dev.weft.net.http.Response;
import dev.weft.net.internal.http.HttpRequestParser;
import dev.weft.net.internal.http.HttpResponseEncoder;
import dev.weft.net.internal.websocket.FrameEncoder;
import dev.weft.net.internal.websocket.WebSocketEvent;
import dev.weft.net.internal.websocket.WebSocketHandshake;
import dev.weft.net.internal.websocket.WebSocketSession;
import dev.weft.net.protocol.ProtocolException;
import dev.weft.net.websocket.CloseCodes;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * WebSocket (RFC 6455) on one connection: the HTTP upgrade handshake (onWebSocketConnect may
 * reject it), then messages to onMessage ({@code String} for text, {@code byte[]} for binary),
 * pings answered with pongs, and the closing handshake. Protocol errors close with 1002, 1007 or
 * 1009. Closing from the server side ({@code close()}, a kill, a retiring worker with 1001) sends a
 * close frame and waits up to {@link NetOptions#closeFrameWait()} for the client's.
 */
final class WebSocketDriver extends Driver {
    private final NetOptions options;
    private final HttpRequestParser handshakeParser;
    private final HttpResponseEncoder encoder = new HttpResponseEncoder();
    private final WebSocketSession session;
    private volatile boolean open;
    private volatile boolean closeSent;
    private volatile boolean handling;
    private volatile long closeDeadline;

    WebSocketDriver(NetOptions options) {
        this.options = options;
        this.handshakeParser = new HttpRequestParser(options.httpLimits());
        this.session =
                new WebSocketSession(Math.min(options.maxPackageSize(), Integer.MAX_VALUE), options.maxPackageSize());
    }

    @Override
    void onBytes(TcpConnection c, ByteBuffer in) {
        if (!open && !handshake(c, in)) {
            return;
        }
        // Frames after pauseRecv() stay buffered until resumeRecv().
        while (!session.closeReceived() && !c.isPaused()) {
            WebSocketEvent event = session.next(in);
            if (event == null || !handle(c, event)) {
                return;
            }
        }
    }

    private boolean handshake(TcpConnection c, ByteBuffer in) {
        HttpRequest request = handshakeParser.parse(in);
        if (request == null) {
            return false;
        }
        WebSocketHandshake hs = WebSocketHandshake.negotiate(request, options.subprotocols());
        if (!hs.accepted()) {
            reply(c, hs.response(), request, true);
            c.close();
            return false;
        }
        if (!accepted(c, request)) {
            reply(c, Response.status(403).body("WebSocket connection rejected"), request, true);
            c.close();
            return false;
        }
        reply(c, hs.response(), request, false);
        open = true;
        return true;
    }

    private boolean accepted(TcpConnection c, HttpRequest request) {
        WebSocketConnectHandler h = c.server().onWebSocketConnect();
        if (h == null) {
            return true;
        }
        try {
            return h.accept(c, request);
        } catch (Exception e) {
            c.protocolError("onWebSocketConnect failed: " + e);
            return false;
        }
    }

    private void reply(TcpConnection c, Response response, HttpRequest request, boolean close) {
        synchronized (encoder) {
            c.sendBytes(encoder.encode(response, request, close));
        }
    }

    /** One event; false ends the connection's reading. */
    private boolean handle(TcpConnection c, WebSocketEvent event) {
        switch (event) {
            case WebSocketEvent.Text t -> {
                return dispatch(c, t.text());
            }
            case WebSocketEvent.Binary b -> {
                return dispatch(c, b.data());
            }
            case WebSocketEvent.Ping p -> c.sendBytes(p.reply());
            case WebSocketEvent.Pong p -> {
                // Unsolicited pongs are heartbeats: nothing to answer.
            }
            case WebSocketEvent.Close close -> {
                if (!closeSent) {
                    closeSent = true;
                    c.sendBytes(close.reply());
                }
                c.close();
                return false;
            }
        }
        return true;
    }

    private boolean dispatch(TcpConnection c, Object message) {
        if (closeSent) {
            return true;
        }
        handling = true;
        try {
            return c.dispatch(message);
        } finally {
            handling = false;
        }
    }

    @Override
    boolean send(TcpConnection c, Object message) {
        if (!open || closeSent) {
            return false;
        }
        ByteBuffer frame =
                switch (message) {
                    case String s -> FrameEncoder.text(s);
                    case byte[] b -> FrameEncoder.binary(b);
                    case ByteBuffer b -> {
                        byte[] copy = new byte[b.remaining()];
                        b.get(copy);
                        yield FrameEncoder.binary(copy);
                    }
                    default ->
                        throw new IllegalArgumentException(
                                "a WebSocket connection sends a String or byte[], not " + message);
                };
        return c.sendBytes(frame);
    }

    @Override
    void onProtocolError(TcpConnection c, ProtocolException e) {
        if (!open) {
            if (e instanceof HttpParseException h) {
                reply(c, Response.error(h), null, true);
            }
        } else if (!closeSent) {
            closeSent = true;
            c.sendBytes(WebSocketSession.closeFrameFor(e));
        }
    }

    @Override
    void closing(TcpConnection c) {
        sendClose(c, CloseCodes.NORMAL, "");
    }

    @Override
    void retire(TcpConnection c) {
        if (!open) {
            c.close();
            return;
        }
        sendClose(c, CloseCodes.GOING_AWAY, "going away");
        c.interruptRead();
    }

    private void sendClose(TcpConnection c, int code, String reason) {
        if (open && !closeSent) {
            closeSent = true;
            closeDeadline = System.nanoTime() + options.closeFrameWait().toNanos();
            c.sendBytes(FrameEncoder.close(code, reason));
        }
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
    boolean onReadTimeout(TcpConnection c) {
        return closeSent;
    }

    @Override
    boolean idle() {
        return !handling;
    }
}
