/**
 * Internal: not part of Weft's API. The readiness poller: a few selector threads that wake
 * coroutines waiting for a selectable channel to become readable, writable, acceptable or connected,
 * and the shared slow path of every poller-based operation (try the non-blocking call, await
 * readiness, retry). Its public members are public only for the I/O packages
 * ({@code dev.weft.coroutine.net}, and {@code .process} for its error reporting); tests and benchmarks
 * may read {@link dev.weft.coroutine.internal.poll.Poller#registrations()}. Nothing here depends on
 * the packages that use it.
 */
package dev.weft.coroutine.internal.poll;
