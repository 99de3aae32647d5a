/**
 * Internal: not part of Weft's API. Machinery shared by the cancellable I/O packages
 * ({@code dev.weft.coroutine.net}, {@code .fs}, {@code .process}, {@code .signal}): the bounded pool of
 * platform threads for calls that block in the JDK, and the wait for a future inside a cancellable
 * suspension. Its public members are public only so that those packages can reach them; they may
 * change in any release, and nothing here depends on the packages that use it.
 */
package dev.weft.coroutine.internal;
