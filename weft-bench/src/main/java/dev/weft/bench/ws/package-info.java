/**
 * The WebSocket echo benchmark: load drivers of Netty WebSocket clients ({@link dev.weft.bench.ws.NettyWsEchoLoad},
 * the default) or JDK WebSocket clients ({@link dev.weft.bench.ws.WsEchoLoad}),
 * Weft's echo server ({@link dev.weft.bench.ws.WeftWsEchoServer}) and the Netty 4.2 baseline
 * ({@link dev.weft.bench.ws.NettyWsEchoServer}); {@code weft-bench/ws-bench} runs them.
 */
package dev.weft.bench.ws;
