/**
 * Internal: the command line ({@code start}, {@code stop}, {@code reload}, {@code status}, ...) built with
 * picocli, the daemoniser and the client side of the master's control socket.
 */
package dev.weft.server.internal.cli;
