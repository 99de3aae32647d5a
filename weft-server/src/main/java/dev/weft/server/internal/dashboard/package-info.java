/**
 * Internal: the web dashboard the master serves with {@code start --dashboard HOST:PORT} — processes, coroutines,
 * histograms, exits, reload/stop and the Redis fleet, as plain HTML/JS/CSS from the jar. Not part of Weft's API.
 */
package dev.weft.server.internal.dashboard;
