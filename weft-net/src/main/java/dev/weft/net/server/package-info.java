/**
 * The listeners weft-server starts for a Worker: {@link dev.weft.net.server.NetServer} accepts TCP
 * connections and serves each in its own coroutine with the Worker's protocol and callbacks; {@link
 * dev.weft.net.server.UdpServer} serves datagrams, each seen by the handler as a {@link
 * dev.weft.net.server.UdpConnection}; {@link dev.weft.net.server.NetStats} are the process-wide counters.
 * This package ties the API types of {@code dev.weft.net} to the machinery in {@code dev.weft.net.internal}.
 */
package dev.weft.net.server;
