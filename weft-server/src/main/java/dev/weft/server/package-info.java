/**
 * Weft's server API: declare {@link dev.weft.server.Worker}s in {@code main}, then call
 * {@link dev.weft.server.Weft#runAll}: the same program is the master, each worker process and the CLI.
 * Everything under {@code dev.weft.server.internal} is the implementation and not part of the API.
 */
package dev.weft.server;
