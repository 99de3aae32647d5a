/**
 * Weft's event loops: platform threads that are at once a selector loop and the scheduler of the
 * virtual threads that run coroutines ({@link dev.weft.coroutine.internal.loop.EventLoop}), the
 * process's loops and the fallback choice ({@link dev.weft.coroutine.internal.loop.LoopGroup}),
 * and stall detection. The public view is {@link dev.weft.coroutine.EventLoops}.
 *
 * <p>Internal: not part of Weft's API.
 */
package dev.weft.coroutine.internal.loop;
