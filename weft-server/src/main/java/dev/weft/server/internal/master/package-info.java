/**
 * Internal: the master process. One thread decides (Gunicorn's arbiter): signals and child links only queue
 * events; the loop spawns, reaps, reloads and kills children through a {@link
 * dev.weft.server.internal.master.ChildLauncher} and publishes a snapshot for status.
 */
package dev.weft.server.internal.master;
