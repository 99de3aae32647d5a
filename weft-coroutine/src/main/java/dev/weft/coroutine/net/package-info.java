/**
 * Cancellable network I/O for coroutines: TCP ({@link dev.weft.coroutine.net.CoSocket},
 * {@link dev.weft.coroutine.net.CoServerSocket}), UDP ({@link dev.weft.coroutine.net.CoDatagramSocket}),
 * name resolution ({@link dev.weft.coroutine.net.CoDns}), an HTTP client
 * ({@link dev.weft.coroutine.net.CoHttp}) and readiness waits on any selectable channel
 * ({@link dev.weft.coroutine.net.CoEvents}). Every operation takes a timeout and follows the
 * conventions written down in {@link dev.weft.coroutine.net.CoSocket}: cancel and timeout return a
 * failure value with {@link dev.weft.coroutine.Co#lastError()} set and never close the socket.
 */
package dev.weft.coroutine.net;
