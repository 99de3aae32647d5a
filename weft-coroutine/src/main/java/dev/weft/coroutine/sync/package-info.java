/**
 * Synchronisers for coroutines whose waits are Weft operations: {@link dev.weft.coroutine.sync.Mutex},
 * {@link dev.weft.coroutine.sync.Semaphore} and the object {@link dev.weft.coroutine.sync.Pool}. Each
 * blocked call is a {@link dev.weft.coroutine.Suspension} listed with its event
 * ({@code mutex.lock <name>}, {@code semaphore.acquire <name>}, {@code pool.borrow <name>}), takes a
 * timeout, returns a failure value when cancelled or timed out (with
 * {@link dev.weft.coroutine.Co#lastError()} set) and raises {@link dev.weft.coroutine.KilledException}
 * when killed. The uncontended paths are a compare-and-set and allocate nothing.
 */
package dev.weft.coroutine.sync;
