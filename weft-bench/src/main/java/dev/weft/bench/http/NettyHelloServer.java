package dev.weft.bench.http;

import dev.weft.bench.netty.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/**
 * The Netty baseline of the HTTP plaintext benchmark: {@code GET /} answers {@code hello} as
 * text/plain, on N event-loop threads (2 by default, like Weft's 2 workers) of the epoll transport (or NIO).
 * It keeps the connection alive unless the request asks to close it ({@code Connection: close}, or HTTP/1.0
 * without keep-alive), and answers pipelined HTTP/1.1 requests in order, flushing once per socket read as a
 * tuned Netty server does. Usage: {@code NettyHelloServer [port] [threads] [epoll|nio] [cert.pem key.pem]}.
 *
 * <p>With a certificate chain and its PKCS#8 key (PEM) it serves HTTPS instead: Netty's {@code SslHandler} on
 * the JDK's provider ({@code SslProvider.JDK}, the same SSLEngine Weft uses), TLS 1.3 and 1.2, ALPN
 * {@code http/1.1} — the baseline of {@code weft-bench/https-vs-netty}.
 */
public final class NettyHelloServer {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private NettyHelloServer() {}

    /** Starts the server and blocks until the process is killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        NettyTransport transport = NettyTransport.parse(args.length > 2 ? args[2] : "epoll");
        SslContext tls = args.length > 4 ? tls(new File(args[3]), new File(args[4])) : null;
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
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline()
                                    .addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Hello());
                        }
                    });
            b.bind("127.0.0.1", port).sync();
            System.out.println("netty listening on 127.0.0.1:" + port + " with " + threads + " event loops on "
                    + transport.label() + (tls != null ? ", TLS (JDK provider)" : ""));
            b.config().group().terminationFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Netty's server context on the JDK's provider: TLS 1.3 and 1.2, ALPN http/1.1 only, as Weft's. */
    private static SslContext tls(File cert, File key) {
        try {
            return SslContextBuilder.forServer(cert, key)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot read " + cert + " and " + key + ": " + e.getMessage(), e);
        }
    }

    private static final class Hello extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            ByteBuf body = Unpooled.wrappedBuffer(HELLO);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            res.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, HELLO.length);
            if (HttpUtil.isKeepAlive((HttpRequest) req)) {
                // Pipelined requests of one read are answered by one flush, in channelReadComplete.
                ctx.write(res, ctx.voidPromise());
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
