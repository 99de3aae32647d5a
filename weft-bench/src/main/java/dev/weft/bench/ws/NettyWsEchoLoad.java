package dev.weft.bench.ws;

import dev.weft.bench.netty.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket echo load driver on Netty (epoll, one event loop by default): the same load and output as
 * {@link WsEchoLoad} — N clients each send M text messages one at a time, the next after the previous echo —
 * at a fraction of the JDK client's CPU per message, so that on a small machine the servers, not the driver, set
 * the rate. Usage: {@code NettyWsEchoLoad ws://host:port/ clients messages [payloadBytes]}, with
 * {@code -Dws.loops=N} and {@code -Dws.transport=epoll|nio}; prints
 * {@code messages/s <rate> clients <N> messages <M> seconds <s> driver-cpu-s <c>}.
 */
public final class NettyWsEchoLoad {
    private NettyWsEchoLoad() {}

    /** Runs a warm-up round and a measured round; exits 1 if an echo was missing or wrong, or a round stalled. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: NettyWsEchoLoad ws://host:port/ clients messages [payloadBytes]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        String text = WsDeflate.message(args.length > 3 ? Integer.parseInt(args[3]) : 32);
        WsDeflate deflate = WsDeflate.fromProperty();
        NettyTransport transport = NettyTransport.parse(System.getProperty("ws.transport", "epoll"));
        EventLoopGroup group = transport.newGroup(Integer.getInteger("ws.loops", 1));
        int rc = 0;
        try {
            round(group, transport, uri, clients, Math.max(1, messages / 4), text, deflate, "warm-up");
            long start = System.nanoTime();
            long echoed = round(group, transport, uri, clients, messages, text, deflate, "measured");
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "messages/s %.0f clients %d messages %d seconds %.2f driver-cpu-s %.2f%n",
                    echoed / secs, clients, messages, secs, StallWatch.cpuSeconds());
        } catch (StallWatch.RoundFailed e) {
            System.err.println("NettyWsEchoLoad: " + e.getMessage());
            rc = 1;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.exit(rc);
    }

    /** Connects every client (handshake done), starts them together, waits for them, closes them. */
    private static long round(
            EventLoopGroup group,
            NettyTransport transport,
            URI uri,
            int clients,
            int messages,
            String text,
            WsDeflate deflate,
            String name)
            throws InterruptedException {
        AtomicLong echoed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        List<Client> all = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client c = new Client(i, text, messages, echoed, done);
            all.add(c);
            Channel ch = new Bootstrap()
                    .group(group)
                    .channel(transport.clientChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16));
                            if (deflate != WsDeflate.OFF) {
                                ch.pipeline().addLast(deflate.nettyClient());
                            }
                            ch.pipeline()
                                    .addLast(
                                            new WebSocketClientProtocolHandler(
                                                    WebSocketClientProtocolConfig.newBuilder()
                                                            .webSocketUri(uri)
                                                            .allowExtensions(deflate != WsDeflate.OFF)
                                                            .maxFramePayloadLength(1 << 20)
                                                            .build()),
                                            c);
                        }
                    })
                    .connect(uri.getHost(), uri.getPort())
                    .sync()
                    .channel();
            channels.add(ch);
        }
        for (Client c : all) {
            c.handshaken.orTimeout(10, TimeUnit.SECONDS).join();
        }
        // Every client is connected: start them together.
        for (int i = 0; i < clients; i++) {
            channels.get(i).writeAndFlush(new TextWebSocketFrame(text));
        }
        StallWatch.await(name, done, echoed, () -> {
            StringBuilder why = new StringBuilder();
            all.stream().filter(c -> !c.finished.get()).limit(10).forEach(c -> why.append("\n  client ")
                    .append(c.id)
                    .append(": ")
                    .append(c.received)
                    .append(" of ")
                    .append(messages)
                    .append(" echoes"));
            return why.toString();
        });
        for (Client c : all) {
            if (c.failure != null) {
                throw new StallWatch.RoundFailed(name + " round: client " + c.id + " failed: " + c.failure);
            }
        }
        for (Channel ch : channels) {
            ch.writeAndFlush(new CloseWebSocketFrame()).addListener(f -> ch.close());
        }
        for (Channel ch : channels) {
            ch.closeFuture().await(5, TimeUnit.SECONDS);
        }
        long total = echoed.get();
        if (total != (long) clients * messages) {
            throw new StallWatch.RoundFailed(
                    name + " round: only " + total + " of " + (long) clients * messages + " messages echoed");
        }
        return total;
    }

    /** One client: on each echo, counts it and sends the next message until M are done. */
    private static final class Client extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final int id;
        private final String text;
        private final int messages;
        private final AtomicLong echoed;
        private final CountDownLatch done;
        private final CompletableFuture<Void> handshaken = new CompletableFuture<>();
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile int received;
        private volatile Throwable failure;

        Client(int id, String text, int messages, AtomicLong echoed, CountDownLatch done) {
            this.id = id;
            this.text = text;
            this.messages = messages;
            this.echoed = echoed;
            this.done = done;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshaken.complete(null);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshaken.completeExceptionally(new IllegalStateException("handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            if (frame.content().readableBytes() != text.length()) {
                finish(new IllegalStateException(
                        "wrong echo length " + frame.content().readableBytes()));
                return;
            }
            echoed.incrementAndGet();
            int n = received + 1; // only this channel's event loop writes it
            received = n;
            if (n < messages) {
                ctx.writeAndFlush(new TextWebSocketFrame(text));
            } else {
                finish(null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (received < messages) {
                finish(new IllegalStateException("connection closed after " + received + " echoes"));
            }
            handshaken.completeExceptionally(new IllegalStateException("closed before the handshake"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(cause);
            handshaken.completeExceptionally(cause);
            ctx.close();
        }

        private void finish(Throwable error) {
            if (finished.compareAndSet(false, true)) {
                failure = error;
                done.countDown();
            }
        }
    }
}
