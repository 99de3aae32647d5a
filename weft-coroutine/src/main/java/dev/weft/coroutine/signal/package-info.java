/**
 * Cancellable waits for POSIX signals ({@link dev.weft.coroutine.signal.CoSignals}, Swoole's
 * {@code System::waitSignal}). While a coroutine waits for a signal, that signal only wakes the
 * waiters; the JVM's own handling of it comes back when the last waiter leaves.
 */
package dev.weft.coroutine.signal;
