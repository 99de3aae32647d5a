/**
 * Internal: the POSIX calls the JDK lacks, through the FFM API: the shared listening socket, {@code
 * posix_spawn} with that socket as fd 0, {@code waitpid}, signals.
 */
package dev.weft.server.internal.posix;
