/**
 * What the Netty baselines share: the choice of transport ({@link dev.weft.bench.netty.NettyTransport}, epoll by
 * default, NIO on request).
 */
package dev.weft.bench.netty;
