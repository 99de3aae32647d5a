/**
 * Internal: the life of one worker process: start the Worker's service on the inherited listening socket,
 * report ready, answer the master's commands, and retire in order.
 */
package dev.weft.server.internal.child;
