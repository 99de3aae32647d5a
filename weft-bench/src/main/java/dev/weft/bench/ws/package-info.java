/**
 * The WebSocket echo benchmark: a load driver of JDK WebSocket clients ({@link dev.weft.bench.ws.WsEchoLoad}),
 * Weft's echo server ({@link dev.weft.bench.ws.WeftWsEchoServer}) and the Netty 4.2 baseline
 * ({@link dev.weft.bench.ws.NettyWsEchoServer}); {@code weft-bench/ws-bench} runs all three.
 */
package dev.weft.bench.ws;
