/**
 * Cancellable file I/O for coroutines: reads, writes and appends ({@link dev.weft.coroutine.fs.CoFiles})
 * and file locks ({@link dev.weft.coroutine.fs.CoFileLock}). The JDK's file calls block, so they run
 * on a small pool of platform threads while the coroutine waits in a cancellable suspension; the
 * {@link dev.weft.coroutine.fs.CoFiles} javadoc says what a cancel does to I/O already issued.
 */
package dev.weft.coroutine.fs;
