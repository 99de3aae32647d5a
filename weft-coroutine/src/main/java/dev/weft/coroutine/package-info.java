/**
 * Managed coroutines on virtual threads: {@link dev.weft.coroutine.Co} starts, lists, cancels and kills them;
 * every wait is a {@link dev.weft.coroutine.Suspension}, so it is listed, cancellable, killable and has a
 * timeout; {@link dev.weft.coroutine.Channel}, {@link dev.weft.coroutine.WaitGroup} and {@link
 * dev.weft.coroutine.Timer} are built on it. Cancellable I/O lives in {@code .net}, {@code .fs}, {@code
 * .process} and {@code .signal}.
 */
package dev.weft.coroutine;
