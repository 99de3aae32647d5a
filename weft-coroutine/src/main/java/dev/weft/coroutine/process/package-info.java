/**
 * Cancellable waits for processes: run a command and collect its output, or wait for a child or any
 * process to exit ({@link dev.weft.coroutine.process.CoProcess}). Cancel and timeout end the wait; only
 * {@link dev.weft.coroutine.process.CoProcess#exec} also destroys the child it started.
 */
package dev.weft.coroutine.process;
