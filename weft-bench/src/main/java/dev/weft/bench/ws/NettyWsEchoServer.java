package dev.weft.bench.ws;

import dev.weft.bench.netty.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The Netty 4.2 baseline of the WebSocket echo benchmark: echoes every text and binary message on
 * path {@code /}, on N event-loop threads (2 by default, like Weft's 2 worker processes) of the epoll transport
 * (or NIO), with permessage-deflate as {@link WsDeflate} says. Usage:
 * {@code NettyWsEchoServer [port] [threads] [epoll|nio] [off|no-context-takeover|context-takeover]}.
 */
public final class NettyWsEchoServer {
    private NettyWsEchoServer() {}

    /** Starts the server and blocks until the process is killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8095;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        NettyTransport transport = NettyTransport.parse(args.length > 2 ? args[2] : "epoll");
        WsDeflate deflate = WsDeflate.parse(args.length > 3 ? args[3] : "off");
        EventLoopGroup group = transport.newGroup(threads);
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16));
                            if (deflate != WsDeflate.OFF) {
                                ch.pipeline().addLast(deflate.nettyServer());
                            }
                            ch.pipeline()
                                    .addLast(
                                            new WebSocketServerProtocolHandler(
                                                    "/", null, deflate != WsDeflate.OFF, 1 << 20),
                                            new Echo());
                        }
                    });
            b.bind("127.0.0.1", port).sync();
            System.out.println("netty websocket echo on 127.0.0.1:" + port + " with " + threads + " event loops on "
                    + transport.label() + ", permessage-deflate " + deflate);
            b.config().group().terminationFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            // Text and binary only: the protocol handler answers pings and closes itself.
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                ctx.writeAndFlush(frame.retainedDuplicate());
            }
        }
    }
}
